validate -p tests/cli/fixtures/validate/limits.allot -o - --format github tests/cli/fixtures/validate/report/jobs.yaml
