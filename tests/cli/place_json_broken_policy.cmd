place -p @WORK@/policy.allot -i tests/cli/fixtures/place/two-nodes.yaml --format json tests/cli/fixtures/place/fragmentation
