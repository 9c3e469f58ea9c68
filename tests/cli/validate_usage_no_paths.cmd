validate -p examples/tiers.allot
