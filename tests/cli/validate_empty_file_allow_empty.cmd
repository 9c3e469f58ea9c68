validate --allow-empty -p tests/cli/fixtures/validate/limits.allot tests/cli/validate_empty_file.d/a-empty.yaml
