place -f kubernetes -o @WORK@/pin.sh -p tests/cli/fixtures/place/plans/plans.allot -i @WORK@/no-such-inventory.yaml tests/cli/fixtures/place/plans/jobs
