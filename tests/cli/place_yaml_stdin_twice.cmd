place -p - -i - -f yaml tests/cli/fixtures/place/fragmentation
