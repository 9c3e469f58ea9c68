export slurm examples/tiers.allot --user alice --storage-tres license/storage -o @WORK@/limits.sh
