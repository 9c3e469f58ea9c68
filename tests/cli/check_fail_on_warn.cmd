check --fail-on-warn examples/broken/shadowed_assignment.allot
