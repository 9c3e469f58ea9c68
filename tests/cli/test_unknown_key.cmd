test @WORK@
