check examples/broken/unknown_parent.allot
