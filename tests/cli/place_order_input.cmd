place -p tests/cli/fixtures/place/strategies.allot -i tests/cli/fixtures/place/two-nodes.yaml --strategy spread tests/cli/fixtures/place/fragmentation
