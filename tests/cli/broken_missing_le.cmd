check examples/broken/missing_le.allot
