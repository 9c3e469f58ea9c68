check examples/broken/duplicate_default.allot
