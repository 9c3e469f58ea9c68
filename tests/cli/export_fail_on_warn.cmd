export slurm examples/tiers.allot --user alice --fail-on-warn -o @WORK@/limits.sh
