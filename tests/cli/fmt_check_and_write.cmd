fmt --check -w examples/swarm.allot
