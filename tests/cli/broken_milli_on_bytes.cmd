check examples/broken/milli_on_bytes.allot
