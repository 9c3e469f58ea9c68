check examples/broken/job_above_user.allot
