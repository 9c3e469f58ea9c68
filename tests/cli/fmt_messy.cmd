fmt tests/cli/fixtures/messy.allot
