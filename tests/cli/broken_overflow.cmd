check examples/broken/overflow.allot
