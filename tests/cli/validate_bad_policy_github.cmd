validate --policy examples/broken/typo_resource.allot --format github examples/jobs/clean
