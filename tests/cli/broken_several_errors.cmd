check examples/broken/several_errors.allot
