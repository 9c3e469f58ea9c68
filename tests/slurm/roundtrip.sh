#!/usr/bin/env bash
# The Slurm round trip of `allot export slurm`, run inside scripts/slurm-sandbox (SLURM_CONF
# set): export examples/tiers.allot, apply the script twice, read every value back with
# sacctmgr, and show the per-user GPU limit at work on the simulated 20-node cluster.
#
#   tests/slurm/roundtrip.sh ALLOT SOURCE_DIR
#
# Prints what sacctmgr and squeue showed; exits 1 at the first value that differs.
set -euo pipefail
allot=$1
source_dir=$2
work=$(mktemp -d)
me=$(id -un)  # submits the jobs: exported as a user of the default tier
trap 'scancel --quiet --user="$me" 2>/dev/null || true; rm -rf "$work"' EXIT

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

# expect NAME EXPECTED ACTUAL
expect() {
  if [ "$2" != "$3" ]; then
    printf 'FAIL: %s\n--- expected\n%s\n--- actual\n%s\n' "$1" "$2" "$3" >&2
    exit 1
  fi
  printf '%s\n%s\n\n' "== $1" "$3"
}

cd "$source_dir"
"$allot" export slurm examples/tiers.allot --cluster swarm --team ml-vision --team ops \
  --user alice --user bob --user trial-carol --user "$me" --storage-tres license/storage \
  -o "$work/limits.sh" 2>"$work/warnings" || fail "allot export exited with $?: $(cat "$work/warnings")"

# First an older policy with limits the current one no longer has (per-job vcpu and memory
# in tier standard): applying the current export must clear them (-1).
sed 's/per job     { gpu <= 16 warn at 75% }/per job { gpu <= 16 vcpu <= 32 memory <= 256GiB }/' \
  examples/tiers.allot >"$work/older.allot"
grep -q 'vcpu <= 32 memory <= 256GiB' "$work/older.allot" || fail "could not make the older policy"
"$allot" export slurm "$work/older.allot" --cluster swarm --user "$me" -o "$work/older.sh" 2>/dev/null ||
  fail "allot export of the older policy exited with $?"
sh "$work/older.sh" >"$work/apply0" 2>&1 || fail "applying the older policy: $(cat "$work/apply0")"
expect "after the older policy: sacctmgr -n -P show qos standard format=name,maxtres" \
  "standard|cpu=32,gres/gpu=16,mem=256G" "$(sacctmgr -n -P show qos standard format=name,maxtres)"

sh "$work/limits.sh" >"$work/apply1" 2>&1 || fail "first apply: $(cat "$work/apply1")"
sh "$work/limits.sh" >"$work/apply2" 2>&1 || fail "second apply: $(cat "$work/apply2")"
echo "applied twice: exit 0 both times"
echo

expect "sacctmgr -n -P show qos format=name,maxtrespu,maxtres,maxtrespernode" "$(cat <<'END'
normal|||
standard|cpu=64,gres/gpu=16,license/storage=9536743,mem=488281M|gres/gpu=16|cpu=128,gres/gpu=32,license/storage=95367431,mem=953674M
research|cpu=64,gres/gpu=32,license/storage=9536743,mem=1T|gres/gpu=24|cpu=128,gres/gpu=32,license/storage=95367431,mem=953674M
free|cpu=8,gres/gpu=1,license/storage=476837,mem=64G|cpu=4,gres/gpu=1|cpu=128,gres/gpu=32,license/storage=95367431,mem=953674M
END
)" "$(sacctmgr -n -P show qos format=name,maxtrespu,maxtres,maxtrespernode)"

expect "sacctmgr -n -P show assoc format=cluster,account,user,qos,defaultqos,grptres" "$(sed "s/@ME@/$me/" <<'END'
swarm|root||normal||cpu=10000,gres/gpu=1000,license/storage=9536743164,mem=95367431M
swarm|root|alice|research|research|
swarm|root|bob|standard|standard|
swarm|root|@ME@|standard|standard|
swarm|root|trial-carol|free|free|
swarm|ml-vision||normal||gres/gpu=128
swarm|ops||normal||
END
)" "$(sacctmgr -n -P show assoc format=cluster,account,user,qos,defaultqos,grptres)"

# $me is in tier standard: 16 GPUs per user. Two nodes of 8 GPUs reach the limit and are
# allocated; one GPU more waits for QOSMaxGRESPerUser. (Each asks for its memory: a node
# holds 1 TiB, more than the per-node 1TB, so a whole node would be over MaxTRESPerNode.)
sbatch --quiet --job-name=under -N2 --gres=gpu:8 --mem=64G -c 8 --wrap 'sleep 600' >/dev/null
sbatch --quiet --job-name=over -N1 --gres=gpu:1 --mem=8G -c 1 --wrap 'sleep 600' >/dev/null
for _ in $(seq 50); do
  state=$(squeue -h -o '%j|%T|%r|%b|%q' --sort=j)
  case $state in *QOSMaxGRESPerUser*) break ;; esac
  sleep 0.2
done
expect "squeue -h -o '%j|%T|%r|%b|%q' (name, state, reason, GRES, QOS)" "$(cat <<'END'
over|PENDING|QOSMaxGRESPerUser|gres:gpu:1|standard
under|CONFIGURING|None|gres:gpu:8|standard
END
)" "$state"
echo "round trip: every value as exported"
