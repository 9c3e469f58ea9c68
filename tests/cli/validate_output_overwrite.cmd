validate -p tests/cli/fixtures/validate/limits.allot -o @WORK@/report.txt tests/cli/fixtures/validate/report/jobs.yaml
