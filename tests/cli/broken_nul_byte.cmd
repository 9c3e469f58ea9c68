check examples/broken/nul_byte.allot
