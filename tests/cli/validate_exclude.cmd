validate -p tests/cli/fixtures/validate/limits.allot --exclude *.yml --exclude @WORK@/tree/sub --exclude .* @WORK@/tree
