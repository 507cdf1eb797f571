#!/usr/bin/env bash
# Submits a tournament to Slurm as a job array of SHARDS tasks and a merge job:
#
#   deploy/slurm/run-tournament.sh CONFIG SHARDS OUT [-- extra sbatch options]
#
# Task I (0 <= I < SHARDS) runs `accord tournament CONFIG --shard I/SHARDS --quiet` into
# OUT.shards/shard-I-of-SHARDS.jsonl; the merge job (--dependency=afterok on the array) joins
# them into OUT, byte for byte what one unsharded run writes. Prints `array ID` and
# `merge ID` on standard output (progress hints on standard error) and exits.
#
# Tasks are submitted with --requeue: a task Slurm requeues (a lost node) or that you requeue
# (`scontrol requeue ARRAY_I`) resumes from its own shard file, so only its unfinished chunk
# (at most 256 jobs) runs again. Submitting the same command again resubmits every task; the
# finished ones find their file complete and exit at once.
#
# Requests (the rule of thumb of `accord tournament CONFIG --estimate SHARDS`, which runs a sample
# of up to 32 jobs here, one thread, at most 5 s): per task 3x the sampled time of its jobs and
# 2x the memory for the scenarios plus three copies of its result lines; the same for the merge
# over all lines; at least 10 minutes and 256 MiB. Override with the environment:
#   ACCORD             the accord binary (default: `accord` on PATH), visible on the nodes
#   ACCORD_TASK_TIME   per task (sbatch --time, e.g. 90 or 2:00:00)
#   ACCORD_TASK_MEM    per task (sbatch --mem, e.g. 2G)
#   ACCORD_MERGE_TIME  for the merge
#   ACCORD_MERGE_MEM   for the merge
#   ACCORD_CPUS        CPUs (rayon threads) per task (default 1)
#   ACCORD_MAX_RUNNING at most this many tasks at once (sbatch --array=...%K)
#   ACCORD_SHARD_DIR   where shard files and logs go (default OUT.shards)
# Options after `--` go to both sbatch calls after these (so a --time or --mem there wins):
# e.g. `-- --partition=long --account=lab`.
#
# CONFIG, the scenarios it names, ACCORD and the shard folder must be reachable from every node
# under the same paths (a shared filesystem); README "Scale-out on a cluster" says what to do
# without one.
set -euo pipefail

usage() {
  echo "usage: $0 CONFIG SHARDS OUT [-- extra sbatch options]" >&2
  exit 2
}
[ $# -ge 3 ] || usage
config=$1 shards=$2 out=$3
shift 3
if [ $# -gt 0 ]; then
  [ "$1" = "--" ] || usage
  shift
fi
extra=("$@")

fail() {
  echo "run-tournament.sh: $*" >&2
  exit 1
}
[[ "$shards" =~ ^[1-9][0-9]*$ ]] || fail "SHARDS must be a positive whole number, not '$shards'"
[ -r "$config" ] || fail "$config: cannot read the tournament configuration"
command -v sbatch >/dev/null || fail "sbatch is not on PATH: run this on a Slurm login node"
accord=${ACCORD:-$(command -v accord || true)}
[ -n "$accord" ] || fail "accord is not on PATH: set ACCORD to the binary's path"
[ -x "$accord" ] || fail "ACCORD=$accord is not an executable file"

here=$(cd "$(dirname "$0")" && pwd)
abs() { (cd "$(dirname "$1")" && echo "$(pwd)/$(basename "$1")"); }
accord=$(abs "$accord")
config=$(abs "$config")
[ -d "$(dirname "$out")" ] || fail "$(dirname "$out"): no such folder for OUT"
out=$(abs "$out")
dir=${ACCORD_SHARD_DIR:-$out.shards}
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)

# The job count and the requests, from a sample run here.
estimate=$("$accord" tournament "$config" --estimate "$shards") || fail "$config: the tournament does not start (above)"
field() { sed -n "s/^ *\"$1\": *\([0-9][0-9]*\).*/\1/p" <<<"$estimate" | head -n 1; }
jobs=$(field jobs)
per_task=$(field jobs_per_shard)
task_time=${ACCORD_TASK_TIME:-$(field task_minutes)}
task_mem=${ACCORD_TASK_MEM:-$(field task_memory_mb)}
merge_time=${ACCORD_MERGE_TIME:-$(field merge_minutes)}
merge_mem=${ACCORD_MERGE_MEM:-$(field merge_memory_mb)}
cpus=${ACCORD_CPUS:-1}
[ "$jobs" -ge "$shards" ] || fail "$jobs jobs cannot fill $shards shards: use at most $jobs"
array="0-$((shards - 1))${ACCORD_MAX_RUNNING:+%$ACCORD_MAX_RUNNING}"
name=accord-$(basename "${config%.*}")

array_id=$(sbatch --parsable --job-name="$name" --array="$array" \
  --cpus-per-task="$cpus" --time="$task_time" --mem="$task_mem" \
  --output="$dir/slurm-%A_%a.log" "${extra[@]}" \
  "$here/tournament-task.sbatch" "$accord" "$config" "$shards" "$dir")
array_id=${array_id%%;*}
merge_id=$(sbatch --parsable --job-name="$name-merge" --dependency="afterok:$array_id" \
  --kill-on-invalid-dep=no --time="$merge_time" --mem="$merge_mem" \
  --output="$dir/merge-%j.log" "${extra[@]}" \
  "$here/tournament-merge.sbatch" "$accord" "$shards" "$dir" "$out") || {
  scancel "$array_id"
  fail "the merge job was refused (above); array job $array_id cancelled"
}
merge_id=${merge_id%%;*}

cat >&2 <<EOF
$jobs jobs in $shards shards (up to $per_task each); per task $cpus CPU, --time=$task_time --mem=$task_mem; merge --time=$merge_time --mem=$merge_mem
array job $array_id, merge job $merge_id (afterok) -> $out
progress:  squeue -j $array_id,$merge_id ; cat $dir/shard-*-of-$shards.jsonl | wc -l  (of $jobs)
logs:      $dir/slurm-${array_id}_I.log, $dir/merge-$merge_id.log
a task cancelled or failed and requeued by hand (scontrol requeue ${array_id}_I) leaves the
array's afterok failed; re-arm the merge once it is requeued:
  scontrol update JobId=$merge_id Dependency=afterok:\$(seq -s: -f ${array_id}_%.0f 0 $((shards - 1)))
EOF
echo "array $array_id"
echo "merge $merge_id"
