fmt --check examples/swarm.allot examples/tiers.allot
