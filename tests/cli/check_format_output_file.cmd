check --format json -o @WORK@/report.json examples/broken/shadowed_assignment.allot
