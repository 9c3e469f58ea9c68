check examples/broken/inheritance_cycle.allot
