export kueue examples/swarm.allot --team vision --team ml-research -o @WORK@/kueue.yaml
