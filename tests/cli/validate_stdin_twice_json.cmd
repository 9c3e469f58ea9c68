validate --policy - --format json -
