validate --strict-kinds -p tests/cli/fixtures/validate/limits.allot @WORK@/bom.yaml @WORK@/widget.yaml
