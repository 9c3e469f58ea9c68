check examples/broken/shadowed_assignment.allot
