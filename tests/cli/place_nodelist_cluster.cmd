place -p examples/swarm.allot -i examples/inventory/nodes.yaml --cluster prod examples/jobs/clean
