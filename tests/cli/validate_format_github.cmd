validate -p tests/cli/fixtures/validate/limits.allot --format github tests/cli/fixtures/validate/report/jobs.yaml
