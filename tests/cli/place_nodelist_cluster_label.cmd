place -p tests/cli/fixtures/place/strategies.allot -i tests/cli/fixtures/place/nodes-zones.yaml --cluster-label topology.kubernetes.io/zone tests/cli/fixtures/place/fragmentation
