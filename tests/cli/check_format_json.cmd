check --format json examples/swarm.allot examples/broken/shadowed_assignment.allot examples/broken/typo_resource.allot
