place -p tests/cli/fixtures/place/strategies.allot -i tests/cli/fixtures/place/nodes-zones.yaml tests/cli/fixtures/place/fragmentation
