check --format github --fail-on-warn examples/swarm.allot examples/broken/shadowed_assignment.allot
