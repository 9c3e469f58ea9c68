check examples/tiers.allot
