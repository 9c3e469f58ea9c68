validate -p tests/cli/fixtures/validate/limits.allot @WORK@/allot.yaml @WORK@/kubernetes.yaml
