show examples/swarm.allot -o @WORK@/no-such-dir/out.json
