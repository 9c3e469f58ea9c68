validate -p tests/cli/fixtures/validate/limits.allot @WORK@/tree @WORK@/tree/notes.txt
