check examples/broken/missing_policy.allot
