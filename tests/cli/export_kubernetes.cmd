export kubernetes examples/tiers.allot --team ml-research --team infra
