validate -p tests/cli/fixtures/workloads/limits.allot tests/workloads/unknown-kind-with-pod-template.yaml
