validate -p tests/cli/fixtures/validate/limits.allot --format github tests/cli/validate_no_manifests.d
