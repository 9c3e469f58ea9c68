show examples/swarm.allot --format json -o @WORK@/out.json
