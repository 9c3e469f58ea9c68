validate --strict-kinds -p tests/cli/fixtures/validate/limits.allot @WORK@/mixed.yaml @WORK@/api.yaml
