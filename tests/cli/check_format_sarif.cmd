check -f sarif examples/broken/shadowed_assignment.allot examples/broken/typo_resource.allot
