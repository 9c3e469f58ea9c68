place -p tests/cli/fixtures/report/inventory.yaml -i tests/cli/fixtures/report/inventory.yaml --report @WORK@/plan.html tests/cli/fixtures/report/jobs
