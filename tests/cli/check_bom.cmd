check tests/cli/fixtures/bom.allot
