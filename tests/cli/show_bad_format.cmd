show examples/swarm.allot --format yaml
