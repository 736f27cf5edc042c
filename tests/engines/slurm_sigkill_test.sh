#!/usr/bin/env bash
# tasker's Slurm executor when tasker itself is killed with SIGKILL (the OOM killer, kill -9): its
# watchdog cancels the job steps still running, so no job is left in squeue and no process of
# the tasks on the node, whether srun made each job or the tasks are steps of an allocation
# tasker runs in (which then lives on), and a job srun said was queued is cancelled too. A
# SIGKILLed srun alone ends neither its step nor its job.
# Run as: bash slurm_sigkill_test.sh SOURCE_DIR TASKER
# shellcheck source=SCRIPTDIR/testlib.sh
. "$(dirname "$0")/testlib.sh"

TASKER=${2:?usage: slurm_sigkill_test.sh SOURCE_DIR TASKER}

# On failure too: the jobs of a tasker whose watchdog did not do its work are cancelled here.
cancel_leftovers() {
  local jobs
  mapfile -t jobs < <(squeue -h -o '%i %j' 2>/dev/null | awk -v m="$marker" 'index($2, m) {print $1}')
  ((${#jobs[@]} == 0)) || scancel "${jobs[@]}" 2>/dev/null || true
  rm -rf "$tmp"
}
trap cancel_leftovers EXIT

no_jobs_named() {
  [[ -z $(squeue -h -n "$1" -o %i 2>/dev/null) ]]
}

# running_sleeps COUNT: COUNT of the tasks' `sleep 30N` run on the node.
running_sleeps() {
  local pid count=0
  for pid in $(marked_processes "$marker"); do
    [[ $(tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline") == "sleep 30"* ]] && count=$((count + 1))
  done
  ((count >= $1))
}

# --- Jobs srun made: both are cancelled, TERM ignored or not -------------------------------------
name=kill9-$marker
env TASKER_TEST_MARKER="$marker" "$TASKER" --executor slurm gather -j 2 \
  --names "$name-1,$name-2" "sleep 301" "trap '' TERM; sleep 302" >/dev/null 2>&1 &
tasker_pid=$!
wait_until 60 running_sleeps 2 || fail "the slurm tasks did not start"
kill -KILL "$tasker_pid"
start=$(now_ms)
wait "$tasker_pid" || true
for job in "$name-1" "$name-2"; do
  wait_until 30 no_jobs_named "$job" || fail "job $job still in squeue 30 s after kill -9 of tasker"
done
expect_no_marked_processes 10 "$marker"
echo "kill -9 of tasker --executor slurm: no job and no process left after $(($(now_ms) - start)) ms"

# --- A job still queued: srun said so, and the watchdog cancels it ------------------------------
# A SIGKILLed srun leaves its queued job in the queue; the job would then start and keep its
# allocation with nothing to run. A job of the test's own holds every CPU, so tasker's queues.
blocker=blocker-$marker
srun -N1 -c "$TASKER_SLURM_CPUS" --job-name="$blocker" sleep 300 >/dev/null 2>&1 &
blocker_pid=$!
job_in_state() {  # NAME STATE
  [[ $(squeue -h -n "$1" -o %T 2>/dev/null) == "$2" ]]
}
wait_until 60 job_in_state "$blocker" RUNNING || fail "the blocking job did not start"
name=queued-$marker
env TASKER_TEST_MARKER="$marker" "$TASKER" --executor slurm gather --names "$name" "sleep 304" \
  >/dev/null 2>&1 &
tasker_pid=$!
wait_until 60 job_in_state "$name" PENDING || fail "tasker's job did not queue"
# srun writes that its job queued as it queues; tasker reads it at once. A margin, not a bound.
sleep 2
kill -KILL "$tasker_pid"
wait "$tasker_pid" || true
start=$(now_ms)
wait_until 30 no_jobs_named "$name" ||
  fail "queued job $name still in squeue 30 s after kill -9 of tasker: $(squeue -n "$name")"
echo "kill -9 of tasker while its job queued: the job gone after $(($(now_ms) - start)) ms"
scancel --quiet -n "$blocker" 2>/dev/null || true
wait "$blocker_pid" 2>/dev/null || true
wait_until 30 no_jobs_named "$blocker" || fail "the blocking job is still in squeue"

# --- Steps of an allocation: the step is cancelled, the allocation lives on ----------------------
name=alloc-kill9-$marker
# The allocation's command runs tasker, and says once tasker is gone whether it still runs.
# shellcheck disable=SC2016 # the inner script's own words
salloc --quiet -N1 --job-name="$name" env TASKER_TEST_MARKER="$marker" bash -c '
  "$1" --executor slurm gather "sleep 303" >/dev/null 2>&1 &
  echo $! >"$2/tasker.pid"
  wait
  sleep 3
  echo alive >"$2/allocation"' bash "$TASKER" "$tmp" &
salloc_pid=$!
wait_until 60 running_sleeps 1 || fail "the slurm task in the allocation did not start"
job=$(squeue -h -n "$name" -o %i)
[[ -n $job ]] || fail "no job named $name"
kill -KILL "$(cat "$tmp/tasker.pid")"
start=$(now_ms)
no_steps_of_job() {
  ! squeue -h -s -j "$job" -o %i 2>/dev/null | grep -q -v -E '\.(extern|batch|interactive)$'
}
wait_until 30 no_steps_of_job || fail "steps of job $job still in squeue: $(squeue -s -j "$job")"
# The allocation's own shell still carries the marker: its step's `sleep 303` is what must end.
no_running_sleeps() { ! running_sleeps 1; }
wait_until 10 no_running_sleeps || fail "the task's sleep still runs in the allocation"
code=0
wait "$salloc_pid" || code=$?
expect_status 0 "$code" "salloc around the killed tasker"
[[ $(cat "$tmp/allocation" 2>/dev/null) == alive ]] || fail "the allocation was cancelled"
wait_until 30 no_jobs_named "$name" || fail "job $name still in squeue"
expect_no_marked_processes 10 "$marker"
echo "kill -9 of tasker in an allocation: its step gone after $(($(now_ms) - start)) ms," \
  "the allocation lived on"
echo "slurm sigkill: all passed"
