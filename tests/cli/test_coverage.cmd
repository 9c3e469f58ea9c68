test --coverage examples/tests
