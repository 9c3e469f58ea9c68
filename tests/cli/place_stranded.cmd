place -p tests/cli/fixtures/place/strategies.allot -i tests/cli/fixtures/place/stranded.yaml tests/cli/fixtures/place/stranded
