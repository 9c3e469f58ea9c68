fmt -w @WORK@/messy.allot
