place -p tests/cli/fixtures/report/report.allot -i tests/cli/fixtures/report/inventory.yaml --report @WORK@/plan.html tests/cli/fixtures/report/jobs
