validate -p tests/cli/fixtures/workloads/limits.allot --nodes 3 tests/workloads/daemonset.yaml
