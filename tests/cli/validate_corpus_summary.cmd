validate -p examples/tiers.allot tests/workloads/corpus
