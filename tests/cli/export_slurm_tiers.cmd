export slurm examples/tiers.allot --team ml-vision --user alice --from-manifests examples/jobs/clean
