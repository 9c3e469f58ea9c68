validate -p tests/cli/fixtures/validate/zero.allot --format json @WORK@/labels.yaml
