check examples/broken/node_above_cluster.allot
