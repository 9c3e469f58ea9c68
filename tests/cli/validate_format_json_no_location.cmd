validate -p tests/cli/fixtures/validate/limits.allot --format json tests/cli/validate_no_manifests.d
