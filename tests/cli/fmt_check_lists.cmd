fmt --check examples/swarm.allot tests/cli/fixtures/messy.allot examples/tiers.allot tests/cli/fixtures/crlf.allot
