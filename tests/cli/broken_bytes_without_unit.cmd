check examples/broken/bytes_without_unit.allot
