place -p tests/cli/fixtures/place/gangs.allot -i tests/cli/fixtures/place/gangs.yaml tests/workloads/config-only.yaml
