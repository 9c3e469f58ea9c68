validate -p tests/cli/fixtures/workloads/limits.allot --fail-on-warn tests/workloads/unknown-kind-with-pod-template.yaml
