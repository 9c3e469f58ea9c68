check examples/broken/duplicate_limit.allot
