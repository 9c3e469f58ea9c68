show examples/tiers.allot --format json
