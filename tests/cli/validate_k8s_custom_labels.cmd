validate -p tests/cli/fixtures/validate/zero.allot --user-label example.com/owner --team-label example.com/group --format json @WORK@/labels.yaml
