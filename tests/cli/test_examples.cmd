test examples/tests
