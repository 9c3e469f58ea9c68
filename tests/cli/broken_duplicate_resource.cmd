check examples/broken/duplicate_resource.allot
