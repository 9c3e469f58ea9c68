place -p tests/cli/fixtures/place/reasons.allot -i tests/cli/fixtures/place/reasons.yaml -f yaml tests/cli/fixtures/place/hints
