validate -p tests/cli/fixtures/validate/limits.allot @WORK@/only-configs @WORK@/no-yaml
