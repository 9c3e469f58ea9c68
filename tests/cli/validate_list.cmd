validate -p tests/cli/fixtures/workloads/limits.allot tests/cli/fixtures/workloads/list.yaml
