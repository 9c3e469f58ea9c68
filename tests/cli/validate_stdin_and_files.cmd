validate -p tests/cli/fixtures/validate/limits.allot tests/cli/validate_job_limit.d/jobs.yaml - tests/cli/validate_node_limit.d/node.yaml
