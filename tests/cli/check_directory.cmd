check examples/broken
