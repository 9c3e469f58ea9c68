validate -p tests/cli/fixtures/workloads/limits.allot tests/workloads/pod-init-sidecar-overhead.yaml
