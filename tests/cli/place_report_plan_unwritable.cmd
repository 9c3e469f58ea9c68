place -p tests/cli/fixtures/report/report.allot -i tests/cli/fixtures/report/inventory.yaml --report @WORK@/plan.html -o @WORK@/no-such-dir/plan.txt tests/cli/fixtures/report/jobs
