test -v examples/tests/allot-test.yaml
