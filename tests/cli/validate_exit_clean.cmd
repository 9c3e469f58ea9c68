validate -p examples/tiers.allot examples/jobs/clean
