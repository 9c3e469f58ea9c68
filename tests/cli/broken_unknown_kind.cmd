check examples/broken/unknown_kind.allot
