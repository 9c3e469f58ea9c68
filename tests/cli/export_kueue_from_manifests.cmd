export kueue examples/tiers.allot --from-manifests tests/export/roundtrip
