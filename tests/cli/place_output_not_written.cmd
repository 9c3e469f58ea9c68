place -p tests/cli/fixtures/place/strategies.allot -i @WORK@/inv.yaml -o @WORK@/plan.txt tests/cli/fixtures/place/fragmentation
