validate -p examples/tiers.allot examples/jobs/violations/trial.yaml examples/jobs/invalid/typos.yaml
