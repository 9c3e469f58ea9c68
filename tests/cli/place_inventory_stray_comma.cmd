place -p tests/cli/fixtures/place/strategies.allot -i @WORK@/inv.yaml tests/cli/fixtures/place/fragmentation
