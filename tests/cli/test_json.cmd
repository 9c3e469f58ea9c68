test --format json --coverage examples/tests
