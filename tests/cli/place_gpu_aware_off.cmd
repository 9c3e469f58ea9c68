place -p tests/cli/fixtures/place/gangs.allot -i tests/cli/fixtures/place/gpu-aware/inventory.yaml tests/cli/fixtures/place/gpu-aware/jobs.yaml
