frobnicate examples/swarm.allot
