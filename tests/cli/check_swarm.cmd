check examples/swarm.allot
