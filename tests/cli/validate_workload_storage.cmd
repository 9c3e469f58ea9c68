validate -p tests/cli/fixtures/workloads/storage.allot tests/workloads/pvc.yaml tests/workloads/statefulset-volumeclaimtemplates.yaml tests/workloads/ephemeral-storage.yaml
