place -p examples/swarm.allot -i examples/inventory/nodes.yaml examples/jobs/clean
