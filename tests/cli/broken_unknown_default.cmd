check examples/broken/unknown_default.allot
