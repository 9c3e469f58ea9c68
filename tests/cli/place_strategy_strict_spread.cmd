place -p tests/cli/fixtures/place/strategies.allot -i tests/cli/fixtures/place/strategies.yaml --strategy strict-spread tests/cli/fixtures/place/strategies
