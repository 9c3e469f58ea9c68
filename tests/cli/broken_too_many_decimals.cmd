check examples/broken/too_many_decimals.allot
