check examples/broken/duplicate_tier.allot
