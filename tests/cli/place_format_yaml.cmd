place -p tests/cli/fixtures/place/strategies.allot -i tests/cli/fixtures/place/two-nodes.yaml -f yaml tests/cli/fixtures/place/priority
