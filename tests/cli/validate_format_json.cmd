validate -p tests/cli/fixtures/validate/limits.allot --format json tests/cli/fixtures/validate/report/jobs.yaml
