check examples/broken/typo_resource.allot
