show examples/tiers.allot
