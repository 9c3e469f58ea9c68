export slurm examples/broken/typo_resource.allot --user alice -o @WORK@/limits.sh
