check tests/cli/fixtures/crlf.allot
