validate --allow-empty -p tests/cli/fixtures/validate/limits.allot @WORK@/only-configs @WORK@/no-yaml
