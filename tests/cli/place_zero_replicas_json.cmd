place -p tests/cli/fixtures/place/strategies.allot -i tests/cli/fixtures/place/two-nodes.yaml --format json @WORK@/jobs.yaml
