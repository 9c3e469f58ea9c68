export slurm examples/tiers.allot --from-manifests examples/jobs/invalid -o @WORK@/limits.sh
