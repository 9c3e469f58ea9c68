place --format kubernetes -p examples/tiers.allot -i examples/inventory/swarm.yaml examples/jobs/clean
