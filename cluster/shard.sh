#!/usr/bin/env bash
# One shard of a dcplan sweep, for a cluster job array (docs/cluster.md).
#
#   shard.sh SPEC OUT_DIR
#
# The shard number comes from the scheduler: Slurm's SLURM_ARRAY_TASK_ID (from 1, with
# --array=1-N and SLURM_ARRAY_TASK_COUNT=N) or a Kubernetes Indexed Job's
# JOB_COMPLETION_INDEX (from 0, with SHARDS=N set to the job's completions). Each shard
# writes OUT_DIR/shard-I-of-N.csv and resumes it if the task is run again (a preempted or
# retried task goes on where it stopped). DCPLAN names the binary (default: dcplan on PATH).
set -euo pipefail
spec=${1:?usage: shard.sh SPEC OUT_DIR}
out=${2:?usage: shard.sh SPEC OUT_DIR}
if [ -n "${SLURM_ARRAY_TASK_ID:-}" ]; then
  index=$SLURM_ARRAY_TASK_ID
  count=${SLURM_ARRAY_TASK_COUNT:?Slurm sets SLURM_ARRAY_TASK_COUNT for --array=1-N}
elif [ -n "${JOB_COMPLETION_INDEX:-}" ]; then
  index=$((JOB_COMPLETION_INDEX + 1))
  count=${SHARDS:?set SHARDS to the Indexed Job completions}
else
  echo "shard.sh: no SLURM_ARRAY_TASK_ID or JOB_COMPLETION_INDEX: run it as an array task" >&2
  exit 2
fi
mkdir -p "$out"
exec "${DCPLAN:-dcplan}" sweep "$spec" --shard "$index/$count" \
  -o "$out/shard-$index-of-$count.csv" --resume --threads "${THREADS:-${SLURM_CPUS_PER_TASK:-1}}"
