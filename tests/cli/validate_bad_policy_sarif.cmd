validate --policy examples/broken/typo_resource.allot --format sarif examples/jobs/clean
