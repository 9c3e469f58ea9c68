validate examples/jobs/clean
