validate -p tests/cli/fixtures/validate/limits.allot @WORK@
