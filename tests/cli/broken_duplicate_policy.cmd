check examples/broken/duplicate_policy.allot
