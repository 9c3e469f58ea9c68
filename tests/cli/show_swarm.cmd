show examples/swarm.allot
