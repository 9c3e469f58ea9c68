place -p tests/cli/fixtures/place/strategies.allot -i tests/cli/fixtures/place/strategies.yaml --strategy pack -o @WORK@/plan.txt tests/cli/fixtures/place/strategies
