validate -p tests/cli/fixtures/validate/limits.allot --format sarif -o @WORK@/no-such-dir/report.sarif tests/cli/fixtures/validate/report/jobs.yaml
