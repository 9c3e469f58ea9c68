validate -p tests/cli/fixtures/validate/zero.allot @WORK@/pod.yaml
