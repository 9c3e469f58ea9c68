check examples/broken/unknown_unit.allot
