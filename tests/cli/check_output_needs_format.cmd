check -o @WORK@/report.txt examples/swarm.allot
