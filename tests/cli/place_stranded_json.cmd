place -p tests/cli/fixtures/place/strategies.allot -i tests/cli/fixtures/place/stranded.yaml --format json tests/cli/fixtures/place/stranded
