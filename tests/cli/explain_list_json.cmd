explain --list --format json
