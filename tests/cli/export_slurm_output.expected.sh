#!/bin/sh
# Slurm limits of policy 'swarm-tiers' (examples/tiers.allot), written by allot export slurm.
# Run it where sacctmgr reaches slurmdbd, as a Slurm administrator: sh THIS-FILE.
# Applying it again is safe: what exists is modified, not added twice, and a limit the
# policy does not have is cleared (-1).
# TRES: cpu (vcpu), mem in MiB (memory), gres/gpu (gpu), license/storage in MiB (storage).
# gres/gpu and license/storage must be listed in AccountingStorageTRES of slurm.conf.
set -eu
sacctmgr=${SACCTMGR:-sacctmgr}

# add ARGS: sacctmgr -i add ARGS, where "Nothing new added" (all of it exists) is success.
add() {
  if out=$("$sacctmgr" -i add "$@" 2>&1); then printf '%s\n' "$out"; return 0; fi
  case $out in *'Nothing new added'*) return 0 ;; esac
  printf '%s\n' "$out" >&2
  return 1
}

# Tiers: one QOS each. MaxTRESPerUser is per user, MaxTRESPerJob per job, and
# MaxTRESPerNode per node (what one job may use on each of its nodes).
add qos 'standard'
"$sacctmgr" -i modify qos where name='standard' set \
  MaxTRESPerUser=cpu=64,mem=488281,gres/gpu=16,license/storage=9536743 \
  MaxTRESPerJob=cpu=-1,mem=-1,gres/gpu=16,license/storage=-1 \
  MaxTRESPerNode=cpu=128,mem=953674,gres/gpu=32,license/storage=95367431
add qos 'research'
"$sacctmgr" -i modify qos where name='research' set \
  MaxTRESPerUser=cpu=64,mem=1048576,gres/gpu=32,license/storage=9536743 \
  MaxTRESPerJob=cpu=-1,mem=-1,gres/gpu=24,license/storage=-1 \
  MaxTRESPerNode=cpu=128,mem=953674,gres/gpu=32,license/storage=95367431
add qos 'free'
"$sacctmgr" -i modify qos where name='free' set \
  MaxTRESPerUser=cpu=8,mem=65536,gres/gpu=1,license/storage=476837 \
  MaxTRESPerJob=cpu=4,mem=-1,gres/gpu=1,license/storage=-1 \
  MaxTRESPerNode=cpu=128,mem=953674,gres/gpu=32,license/storage=95367431

# Per cluster: GrpTRES of the cluster's root association, on every cluster.
"$sacctmgr" -i modify cluster set GrpTRES=cpu=10000,mem=95367431,gres/gpu=1000,license/storage=9536743164

# Users: qos and defaultqos from the tier assignment; a user in no team is under root.
# user alice: tier research
add user 'alice' account='root'
"$sacctmgr" -i modify user where name='alice' account='root' set qos='research' defaultqos='research'
