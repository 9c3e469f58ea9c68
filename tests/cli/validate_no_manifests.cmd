validate -p tests/cli/fixtures/validate/limits.allot @WORK@/no-workloads @WORK@/no-yaml
