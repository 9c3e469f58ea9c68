show examples/tiers.allot --tier research
