show examples/swarm.allot --format json
