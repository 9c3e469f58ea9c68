check examples/broken/duplicate_scope.allot
