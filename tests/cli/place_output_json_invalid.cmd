place -p tests/cli/fixtures/place/strategies.allot -i @WORK@/inv.yaml -f json -o @WORK@/plan.json tests/cli/fixtures/place/fragmentation
