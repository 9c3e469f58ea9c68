check tests/cli/fixtures/empty.allot
