validate -p tests/cli/fixtures/validate/limits.allot --format sarif tests/cli/fixtures/validate/report/jobs.yaml
