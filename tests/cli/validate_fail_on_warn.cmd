validate --fail-on-warn -p tests/cli/fixtures/validate/limits.allot tests/cli/validate_warn_node.d/jobs.yaml
