check examples/swarm.allot examples/no-such-policy.allot
