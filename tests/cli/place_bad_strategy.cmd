place -p tests/cli/fixtures/place/strategies.allot -i tests/cli/fixtures/place/two-nodes.yaml --strategy fill tests/cli/fixtures/place/fragmentation
