validate -p tests/cli/fixtures/validate/limits.allot @WORK@/no-such.yaml tests/cli/validate_node_limit.d/node.yaml @WORK@/no-such-dir
