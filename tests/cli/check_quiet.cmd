check -q examples/broken/typo_resource.allot
