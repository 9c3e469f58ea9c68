validate --policy examples/broken/typo_resource.allot -o @WORK@/report.txt examples/jobs/clean
