test --format junit examples/tests @WORK@
