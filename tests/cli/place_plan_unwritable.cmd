place -f kubernetes -o @WORK@/no-such-dir/pin.sh -p tests/cli/fixtures/place/plans/plans.allot -i tests/cli/fixtures/place/plans/inventory.yaml tests/cli/fixtures/place/plans/jobs
