check examples/broken/unknown_scope.allot
