check examples/broken/bad_selector.allot
