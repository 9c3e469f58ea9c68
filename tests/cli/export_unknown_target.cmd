export slurn examples/tiers.allot
