check examples/broken/empty_pattern.allot
