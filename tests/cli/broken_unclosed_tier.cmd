check examples/broken/unclosed_tier.allot
