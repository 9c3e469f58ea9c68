check examples/broken/invalid_utf8.allot
