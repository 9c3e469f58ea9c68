place -j1 -p examples/tiers.allot -i examples/inventory/swarm.yaml examples/jobs/clean examples/jobs/violations
