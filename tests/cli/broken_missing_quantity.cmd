check examples/broken/missing_quantity.allot
