validate --fail-on-warn -p tests/cli/fixtures/validate/limits.allot tests/cli/validate_k8s_no_user_label.d/deploy.yaml
