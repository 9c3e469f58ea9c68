validate --policy examples/broken/typo_resource.allot --format junit examples/jobs/clean
