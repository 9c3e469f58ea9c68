validate -p examples/tiers.allot -j 5000 examples/jobs/clean
