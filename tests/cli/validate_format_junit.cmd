validate -p tests/cli/fixtures/validate/limits.allot --format junit tests/cli/fixtures/validate/report/jobs.yaml
