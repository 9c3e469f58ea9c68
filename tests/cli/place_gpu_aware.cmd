place -p tests/cli/fixtures/place/gangs.allot -i tests/cli/fixtures/place/gpu-aware/inventory.yaml --gpu-aware tests/cli/fixtures/place/gpu-aware/jobs.yaml
