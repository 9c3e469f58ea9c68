check examples/broken/no_default_tier.allot
