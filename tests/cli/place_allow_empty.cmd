place --allow-empty -p tests/cli/fixtures/place/strategies.allot -i @WORK@/inv.yaml @WORK@/empty
