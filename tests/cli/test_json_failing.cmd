test --format json @WORK@
