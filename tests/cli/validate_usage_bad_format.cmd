validate -p examples/tiers.allot --format xml examples/jobs/clean
