check -q examples/swarm.allot examples/tiers.allot
