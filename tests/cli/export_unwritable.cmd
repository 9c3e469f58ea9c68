export slurm examples/tiers.allot --user alice -o @WORK@/no/such/dir/limits.sh
