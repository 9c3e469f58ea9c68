place -p tests/cli/fixtures/report/report.allot -i tests/cli/fixtures/report/inventory.yaml --report @WORK@/no-such-dir/plan.html -o @WORK@/plan.txt tests/cli/fixtures/report/jobs
