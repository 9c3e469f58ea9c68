place -p examples/swarm.allot -i examples/inventory/nodes.yaml --cluster-label topology.kubernetes.io/zone examples/jobs/clean
