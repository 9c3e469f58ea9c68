fmt -w @WORK@/bad.allot
