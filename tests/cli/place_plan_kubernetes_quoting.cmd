place -f kubernetes -p tests/cli/fixtures/place/plans/plans.allot -i tests/cli/fixtures/place/plans/inventory.yaml tests/cli/fixtures/place/plans/quoting
