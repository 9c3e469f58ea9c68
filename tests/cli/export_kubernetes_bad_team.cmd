export kubernetes examples/tiers.allot --team ML_Research --team infra -o @WORK@/quota.yaml
