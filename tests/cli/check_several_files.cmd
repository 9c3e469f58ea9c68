check examples/swarm.allot examples/broken/typo_resource.allot examples/tiers.allot examples/broken/node_above_cluster.allot
