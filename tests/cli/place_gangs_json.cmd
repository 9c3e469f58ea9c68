place -p tests/cli/fixtures/place/gangs.allot -i tests/cli/fixtures/place/gangs.yaml --format json tests/cli/fixtures/place/gangs
