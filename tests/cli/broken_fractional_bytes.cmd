check examples/broken/fractional_bytes.allot
