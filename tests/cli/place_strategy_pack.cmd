place -p tests/cli/fixtures/place/strategies.allot -i tests/cli/fixtures/place/strategies.yaml --strategy pack tests/cli/fixtures/place/strategies
