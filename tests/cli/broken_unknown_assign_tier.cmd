check examples/broken/unknown_assign_tier.allot
