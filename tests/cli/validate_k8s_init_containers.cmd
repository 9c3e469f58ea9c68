validate -p tests/cli/fixtures/validate/zero.allot @WORK@/job.yaml
