check --frobnicate examples/swarm.allot
