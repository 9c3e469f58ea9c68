validate -p tests/cli/fixtures/validate/limits.allot --format text tests/cli/fixtures/validate/report/jobs.yaml
