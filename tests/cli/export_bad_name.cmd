export slurm examples/tiers.allot --team 'ml vision' -o @WORK@/limits.sh
