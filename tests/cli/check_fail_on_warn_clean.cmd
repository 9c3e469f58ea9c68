check --fail-on-warn examples/swarm.allot
