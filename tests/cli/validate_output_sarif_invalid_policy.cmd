validate --policy examples/broken/typo_resource.allot --format sarif -o @WORK@/report.sarif examples/jobs/clean
