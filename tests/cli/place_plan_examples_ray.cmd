place --format ray -p examples/tiers.allot -i examples/inventory/swarm.yaml examples/jobs/clean
