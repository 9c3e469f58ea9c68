validate -p examples/broken/typo_resource.allot examples/jobs/clean
