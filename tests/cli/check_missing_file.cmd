check examples/no-such-policy.allot
