place -p tests/cli/fixtures/place/strategies.allot -i @WORK@/inv.yaml --format json tests/cli/fixtures/place/fragmentation
