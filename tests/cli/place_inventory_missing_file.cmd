place -p tests/cli/fixtures/place/strategies.allot -i @WORK@/no-such-inventory.yaml tests/cli/fixtures/place/fragmentation
