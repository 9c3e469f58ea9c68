validate --fail-on-warn -p tests/cli/fixtures/validate/limits.allot tests/cli/validate_job_limit.d/jobs.yaml
