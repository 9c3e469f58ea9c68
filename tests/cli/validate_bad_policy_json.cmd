validate --policy examples/broken/typo_resource.allot --format json examples/jobs/clean
