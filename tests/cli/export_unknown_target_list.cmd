export kubeflow examples/tiers.allot
