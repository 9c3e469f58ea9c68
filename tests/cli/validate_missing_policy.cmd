validate -p examples/no-such.allot examples/jobs/clean
