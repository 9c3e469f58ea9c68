check examples/broken/warn_above_limit.allot
