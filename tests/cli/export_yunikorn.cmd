export yunikorn examples/tiers.allot --team ml-research --user alice --user trial-7
