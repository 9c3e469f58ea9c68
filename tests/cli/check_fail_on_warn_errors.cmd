check --fail-on-warn examples/broken/several_errors.allot examples/broken/node_above_cluster.allot
