place -p tests/cli/fixtures/place/reasons.allot -i tests/cli/fixtures/place/reasons.yaml tests/cli/fixtures/place/reasons
