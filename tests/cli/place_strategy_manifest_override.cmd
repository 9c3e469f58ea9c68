place -p tests/cli/fixtures/place/strategies.allot -i tests/cli/fixtures/place/strategies.yaml --strategy strict-pack tests/cli/fixtures/place/strategies-override
