place -p - -i - tests/cli/fixtures/place/fragmentation
