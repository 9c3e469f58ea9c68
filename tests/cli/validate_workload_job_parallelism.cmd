validate -p tests/cli/fixtures/workloads/limits.allot tests/workloads/job-parallelism.yaml
