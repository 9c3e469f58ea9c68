validate -p tests/cli/fixtures/validate/limits.allot --format github @WORK@
