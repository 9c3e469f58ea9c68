show examples/broken/typo_resource.allot
