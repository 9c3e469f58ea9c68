check examples/broken/missing_brace.allot
