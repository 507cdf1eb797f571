#!/usr/bin/env bash
# End-to-end test of deploy/slurm/run-tournament.sh on a one-node Slurm cluster this script
# starts (and stops) itself, as root:
#   1. installs Debian's slurmctld, slurmd, slurm-client and munge when missing;
#   2. starts munged, slurmctld and slurmd in the foreground (-D), in the background, with a
#      temporary slurm.conf, munge key, state and spool folders under one temporary folder and
#      ports 16817/16818 (select/cons_tres, proctrack/linuxproc, task/none);
#   3. runs tests/slurm/tournament.toml unsharded (one process, every core), then through
#      run-tournament.sh with 4 shards, and checks the merged file is byte for byte the same;
#   4. again, killing shard 1 mid-run (scancel --signal=KILL), tearing its last line, then
#      `scontrol requeue` (and re-arming the merge job as the script says): the requeued task
#      must resume from its partial file and the merged file must still be the same.
# Every daemon it started is stopped by pid on exit, even on failure. It refuses to run
# beside another Slurm (a slurmctld or slurmd running, SLURM_CONF set, its ports taken).
#
#   bash tests/slurm/run.sh            # ACCORD_BIN defaults to target/release/accord
# Prints the wall times of the unsharded and the 4-shard run and their ratio.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
accord=${ACCORD_BIN:-$root/target/release/accord}
config=$root/tests/slurm/tournament.toml
shards=4
ctld_port=16817
slurmd_port=16818

fail() {
  echo "tests/slurm: FAIL: $*" >&2
  exit 1
}
[ "$(id -u)" = 0 ] || fail "must run as root (it installs packages and starts slurmd)"
[ -x "$accord" ] || fail "$accord missing: cargo build --release -p accord-cli first"

# Never touch a cluster this script did not start.
[ -z "${SLURM_CONF:-}" ] || fail "SLURM_CONF is set ($SLURM_CONF): refusing to run beside another cluster"
running() { # NAME -> the pids of processes named NAME (from /proc: no procps needed)
  local p
  for p in /proc/[0-9]*; do
    [ "$(cat "$p/comm" 2>/dev/null)" != "$1" ] || echo "${p#/proc/}"
  done
}
for d in slurmctld slurmd slurmdbd; do
  found=$(running "$d")
  [ -z "$found" ] || fail "$d is already running (pid ${found//$'\n'/ }): refusing to run beside another cluster"
done
for port in $ctld_port $slurmd_port; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    fail "port $port is taken: refusing to run beside another service"
  fi
done

missing=()
for pkg in slurmctld slurmd slurm-client munge; do
  dpkg-query -W -f '${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "== installing ${missing[*]} (apt-get)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null ||
    { apt-get update >/dev/null && apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null; }
fi
# The Debian packages do not start their daemons in a container (no init); should they have,
# the check above would have refused.

tmp=$(mktemp -d /tmp/accord-slurm.XXXXXX)
pids=()
child=
cleanup() {
  local rc=$?
  [ -z "$child" ] || kill "$child" 2>/dev/null || true
  # Stop the daemons this script started, by pid, newest first.
  for ((k = ${#pids[@]} - 1; k >= 0; k--)); do
    kill "${pids[k]}" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  if [ "$rc" -ne 0 ]; then
    echo "tests/slurm: logs of the failed run:" >&2
    for f in "$tmp"/log/* "$tmp"/run*/*.shards/*.log; do
      [ -f "$f" ] && { echo "--- $f" >&2; tail -n 20 "$f" >&2; }
    done
  fi
  rm -rf "$tmp"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

mkdir -p "$tmp/munge" "$tmp/state" "$tmp/spool" "$tmp/log"
head -c 1024 /dev/urandom >"$tmp/munge/munge.key"
chmod 600 "$tmp/munge/munge.key"
munged --foreground --force --key-file="$tmp/munge/munge.key" --socket="$tmp/munge/socket" \
  --pid-file="$tmp/munge/munged.pid" --seed-file="$tmp/munge/seed" \
  --log-file="$tmp/log/munged.log" >"$tmp/log/munged.out" 2>&1 &
pids+=($!)
for _ in $(seq 50); do [ -S "$tmp/munge/socket" ] && break; sleep 0.1; done
[ -S "$tmp/munge/socket" ] || fail "munged did not start"

node=accordnode
memory=$(awk '/MemTotal/ { print int($2 / 1024 * 0.8) }' /proc/meminfo)
cat >"$tmp/slurm.conf" <<EOF
ClusterName=accordtest
SlurmctldHost=$(hostname -s)(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$tmp/munge/socket
CredType=cred/munge
StateSaveLocation=$tmp/state
SlurmdSpoolDir=$tmp/spool
SlurmctldPidFile=$tmp/slurmctld.pid
SlurmdPidFile=$tmp/slurmd.pid
SlurmctldLogFile=$tmp/log/slurmctld.log
SlurmdLogFile=$tmp/log/slurmd.log
PlugStackConfig=$tmp/plugstack.conf
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
MpiDefault=none
ReturnToService=2
SchedulerType=sched/backfill
SlurmdParameters=config_overrides
NodeName=$node NodeHostname=$(hostname) NodeAddr=127.0.0.1 CPUs=$(nproc) RealMemory=$memory State=UNKNOWN
PartitionName=accord Nodes=$node Default=YES MaxTime=INFINITE State=UP
EOF
: >"$tmp/plugstack.conf"
export SLURM_CONF=$tmp/slurm.conf
slurmctld -D -c -f "$SLURM_CONF" >"$tmp/log/slurmctld.out" 2>&1 &
pids+=($!)
slurmd -D -N "$node" -f "$SLURM_CONF" >"$tmp/log/slurmd.out" 2>&1 &
pids+=($!)
for _ in $(seq 100); do
  [ "$(sinfo -h -n "$node" -o %T 2>/dev/null)" = idle ] && break
  sleep 0.3
done
[ "$(sinfo -h -n "$node" -o %T 2>/dev/null)" = idle ] || fail "the node did not come up idle"
echo "== one-node Slurm $(sinfo -V | cut -d' ' -f2) up ($(nproc) CPUs) in $tmp"

now() { date +%s.%N; }
minus() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", a - b }'; }
state() { scontrol show job "$1" -o 2>/dev/null | sed -n 's/.*JobState=\([A-Z_]*\).*/\1/p'; }
wait_done() { # JOB TIMEOUT_S -> fails unless the job COMPLETED
  local t0=$SECONDS s
  while :; do
    s=$(state "$1")
    case $s in
    COMPLETED) return 0 ;;
    FAILED | CANCELLED | TIMEOUT | OUT_OF_MEMORY | NODE_FAIL | BOOT_FAIL | DEADLINE) fail "job $1 ended $s" ;;
    esac
    [ $((SECONDS - t0)) -lt "$2" ] || fail "job $1 still $s after $2 s"
    sleep 0.5
  done
}
submit() { # OUT [VAR=VALUE...] -> sets array, merge
  local ids out=$1
  shift
  ids=$(env "$@" ACCORD="$accord" bash deploy/slurm/run-tournament.sh "$config" "$shards" "$out")
  array=$(sed -n 's/^array //p' <<<"$ids")
  merge=$(sed -n 's/^merge //p' <<<"$ids")
  if [ -z "$array" ] || [ -z "$merge" ]; then fail "run-tournament.sh printed no job ids: $ids"; fi
}

limits() { scontrol show job "$1" -o | sed -n 's/.*TimeLimit=\([^ ]*\).*MinMemoryNode=\([^ ]*\).*/\1 \2/p'; }
refused() { # MESSAGE ARGS... -> fails unless run-tournament.sh ARGS exits 1 saying MESSAGE
  local msg=$1 err
  shift
  if err=$(ACCORD=$accord bash deploy/slurm/run-tournament.sh "$@" 2>&1 >/dev/null); then
    fail "run-tournament.sh $* was accepted"
  fi
  grep -qF "$msg" <<<"$err" || fail "run-tournament.sh $*: expected '$msg', got: $err"
}

echo "== run-tournament.sh refuses bad input, naming it"
refused "SHARDS must be a positive whole number, not '0'" "$config" 0 "$tmp/x.jsonl"
refused "$tmp/none.toml: cannot read the tournament configuration" "$tmp/none.toml" 4 "$tmp/x.jsonl"
refused "$tmp/no: no such folder for OUT" "$config" 4 "$tmp/no/x.jsonl"
refused "jobs cannot fill 99999999 shards" "$config" 99999999 "$tmp/x.jsonl"
refused "usage:" "$config" 4 "$tmp/x.jsonl" --partition=x
[ -z "$(squeue -h)" ] || fail "a refused submission left jobs: $(squeue)"

echo "== the tournament in one process ($(nproc) threads)"
t0=$(now)
# In the background, so that a signal reaches the trap at once.
"$accord" tournament "$config" --out "$tmp/whole.jsonl" --quiet >/dev/null 2>&1 &
child=$!
wait "$child" || fail "the unsharded run failed"
child=
t_one=$(minus "$(now)" "$t0")
jobs=$(wc -l <"$tmp/whole.jsonl")
echo "$jobs jobs in ${t_one} s"

echo "== 4 shards through deploy/slurm/run-tournament.sh"
mkdir "$tmp/run1"
t0=$(now)
submit "$tmp/run1/merged.jsonl"
# The requests are the estimate's rule of thumb for this configuration.
estimate=$("$accord" tournament "$config" --estimate "$shards")
want() { sed -n "s/^ *\"$1\": *\([0-9]*\).*/\1/p" <<<"$estimate"; }
[ "$(limits "${array}_0")" = "$(printf '%02d:%02d:00' $(($(want task_minutes) / 60)) $(($(want task_minutes) % 60))) $(want task_memory_mb)M" ] ||
  fail "task requests $(limits "${array}_0") are not the estimate's: $estimate"
[ "$(limits "$merge")" = "$(printf '%02d:%02d:00' $(($(want merge_minutes) / 60)) $(($(want merge_minutes) % 60))) $(want merge_memory_mb)M" ] ||
  fail "merge requests $(limits "$merge") are not the estimate's: $estimate"
wait_done "$merge" 300
t_slurm=$(minus "$(now)" "$t0")
cmp "$tmp/whole.jsonl" "$tmp/run1/merged.jsonl" || fail "the merged file differs from the unsharded run's"
echo "merged file identical to the unsharded run's; submit to merged in ${t_slurm} s"

echo "== again, with shard 1 killed mid-run and requeued"
mkdir "$tmp/run2"
submit "$tmp/run2/merged.jsonl" ACCORD_TASK_TIME=75 ACCORD_TASK_MEM=300M ACCORD_MERGE_MEM=1G
[ "$(limits "${array}_0")" = "01:15:00 300M" ] || fail "ACCORD_TASK_TIME/MEM were not applied: $(limits "${array}_0")"
[ "$(limits "$merge")" = "$(printf '%02d:%02d:00' $(($(want merge_minutes) / 60)) $(($(want merge_minutes) % 60))) 1G" ] ||
  fail "ACCORD_MERGE_MEM was not applied: $(limits "$merge")"
part=$tmp/run2/merged.jsonl.shards/shard-1-of-$shards.jsonl
per_shard=$(((jobs + shards - 1 - 1) / shards)) # jobs with index % 4 == 1
t0=$SECONDS
while [ "$(state "${array}_1")" != RUNNING ] || [ ! -s "$part" ]; do
  [ $((SECONDS - t0)) -lt 120 ] || fail "shard 1 wrote nothing in 120 s"
  sleep 0.2
done
scancel --signal=KILL "${array}_1"
t0=$SECONDS
while [ "$(state "${array}_1")" = RUNNING ] || [ "$(state "${array}_1")" = COMPLETING ]; do
  [ $((SECONDS - t0)) -lt 60 ] || fail "shard 1 still running 60 s after SIGKILL"
  sleep 0.2
done
[ "$(state "${array}_1")" != COMPLETED ] || fail "shard 1 finished before it was killed: make tests/slurm/tournament.toml longer"
kept=$(wc -l <"$part")
[ "$kept" -lt "$per_shard" ] || fail "shard 1 holds all $kept lines: it was not killed mid-run"
# As if the kill had cut a write short: a torn last line, which the resume must drop.
printf '{"job":1,"scenario":"torn' >>"$part"
scontrol requeue "${array}_1"
# Slurm 22.05 holds a requeued job back two minutes (EligibleTime); release it now.
scontrol update JobId="${array}_1" StartTime=now
# The kill failed the array's afterok: re-arm the merge on the tasks, as run-tournament.sh says.
scontrol update JobId="$merge" Dependency="afterok:$(seq -s: -f "${array}_%.0f" 0 $((shards - 1)))"
wait_done "$merge" 300
log=$tmp/run2/merged.jsonl.shards/slurm-${array}_1.log
grep -q "attempt 2" "$log" || fail "shard 1 did not run a second time: $(cat "$log")"
resumed=$(sed -n 's/.*; \([0-9][0-9]*\) resumed).*/\1/p' "$log" | tail -n 1)
[ "${resumed:-0}" = "$kept" ] || fail "shard 1 resumed ${resumed:-no} lines, not the $kept it had written: $(cat "$log")"
cmp "$tmp/whole.jsonl" "$tmp/run2/merged.jsonl" || fail "after the kill, the merged file differs from the unsharded run's"
echo "shard 1 killed after $kept of $per_shard jobs, requeued, resumed $resumed; merged file identical"

ratio=$(awk -v a="$t_slurm" -v b="$t_one" 'BEGIN { printf "%.2f", a / b }')
echo "tests/slurm: PASS. $jobs jobs on $(nproc) CPUs: one process ${t_one} s; 4 Slurm shards (1 CPU each) submit to merged ${t_slurm} s = ${ratio}x (load average $(cut -d' ' -f1-3 /proc/loadavg))"
