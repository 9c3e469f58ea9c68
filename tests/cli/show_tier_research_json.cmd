show examples/tiers.allot --tier research --format json
