place -p tests/cli/fixtures/place/reasons.allot -i tests/cli/fixtures/place/reasons.yaml --format json tests/cli/fixtures/place/reasons
