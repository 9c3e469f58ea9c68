validate -p tests/cli/fixtures/workloads/limits.allot tests/workloads/daemonset.yaml
