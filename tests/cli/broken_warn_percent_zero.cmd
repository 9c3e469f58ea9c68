check examples/broken/warn_percent_zero.allot
