show examples/tiers.allot --tier reserch
