validate -p tests/cli/fixtures/validate/zero.allot @WORK@/workloads.yaml
