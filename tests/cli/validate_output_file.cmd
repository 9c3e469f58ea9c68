validate -p tests/cli/fixtures/validate/limits.allot --format json -o @WORK@/report.json tests/cli/fixtures/validate/report/jobs.yaml
