check examples/broken/bytes_unit_on_count.allot
