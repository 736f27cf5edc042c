#!/usr/bin/env bash
# The Slurm engine as the Slurm executor meets it: the node is up; srun gives back the task's
# exit code, 128+N for a death by signal N, and the task's two streams (plus srun's own lines on
# stderr); what srun returns when it cannot start a task; scancel --signal=TERM of a running step
# runs the task's trap and srun returns the trap's status; scancel of a task that ignores TERM
# kills it after KillWait. No job and no process of this test may be left.
# shellcheck source=SCRIPTDIR/testlib.sh
. "$(dirname "$0")/testlib.sh"

# srun_marked NAME ARG...: srun -J NAME ARG..., with NAME as the task's TASKER_TEST_MARKER (srun
# passes its environment on). Not exported here: grep, sleep and squeue would carry it too. -Q:
# a job may queue behind another test's, and srun would say so on stderr.
srun_marked() {
  env TASKER_TEST_MARKER="$1" srun -Q -N1 -p "$TASKER_SLURM_PARTITION" -J "$1" "${@:2}"
}

node_state=$(sinfo -h -N -n "$TASKER_SLURM_NODE" -o %T)
[[ $node_state =~ ^(idle|mixed|allocated|completing)$ ]] ||
  fail "node $TASKER_SLURM_NODE is '$node_state'"

# run_task EXPECTED_STATUS SCRIPT: srun sh -c SCRIPT, its streams in $tmp/out and $tmp/err.
run_task() {
  local code=0
  srun_marked "$marker" sh -c "$2" >"$tmp/out" 2>"$tmp/err" || code=$?
  [[ $code -eq $1 ]] || {
    cat "$tmp/err" >&2
    fail "srun sh -c '$2': exit status $code, expected $1"
  }
}

# expect_err_line TEXT: srun's stderr has a line containing TEXT.
expect_err_line() {
  grep -qF -- "$1" "$tmp/err" || fail "srun's stderr has no '$1': $(cat "$tmp/err")"
}

# --- Statuses and streams ------------------------------------------------------------------------
run_task 0 'echo out; echo err >&2'
[[ $(cat "$tmp/out") == out ]] || fail "stdout was '$(cat "$tmp/out")'"
# A task that succeeds gets nothing from srun -Q on stderr.
[[ $(cat "$tmp/err") == err ]] || fail "stderr was '$(cat "$tmp/err")'"

run_task 0 'echo "$SLURM_JOB_ID $TASKER_TEST_MARKER"'
[[ $(cat "$tmp/out") =~ ^[0-9]+\ $marker$ ]] ||
  fail "the task's SLURM_JOB_ID and environment: '$(cat "$tmp/out")'"

run_task 3 'exit 3'
expect_err_line "task 0: Exited with exit code 3"
run_task 255 'exit 255'
run_task 143 'kill -TERM $$'
expect_err_line "task 0: Terminated"
run_task 137 'kill -KILL $$'
expect_err_line "task 0: Killed"
# A command the shell cannot find is the shell's 127; a program slurmstepd cannot execute is 2.
run_task 127 'no-such-command-tasker'
code=0
srun_marked "$marker" /nonexistent/tasker-program 2>"$tmp/err" || code=$?
expect_status 2 "$code" "srun /nonexistent/tasker-program"
expect_err_line "execve(): /nonexistent/tasker-program: No such file or directory"
# srun itself failing (here: no such partition) is 1.
code=0
env TASKER_TEST_MARKER="$marker" srun -Q -N1 -p no-such-partition -J "$marker" true \
  2>"$tmp/err" || code=$?
expect_status 1 "$code" "srun -p no-such-partition"
expect_err_line "Unable to allocate resources"

# start_step NAME TRAP: srun -J NAME sh -c 'TRAP; sleep 300 & wait' in the background, once the
# task runs with its trap set (then it creates $tmp/NAME.started): a cancel sent while the step
# is still launching can be lost.
start_step() {
  rm -f "$tmp/$1.started"
  srun_marked "$1" sh -c "$2; touch $tmp/$1.started; sleep 300 & wait" 2>"$tmp/$1.err" &
  step_srun=$!
  wait_until 60 test -e "$tmp/$1.started" || fail "the step $1 did not start within 60 s"
  step_job=$(squeue -h -n "$1" -o %i)
  [[ -n $step_job ]] || fail "squeue does not list the running job $1"
}

# expect_gone NAME: no job NAME in squeue and no process with its marker, within 30 s.
expect_gone() {
  local start=$SECONDS
  job_listed() { [[ -n $(squeue -h -n "$1" -o %i) ]]; }
  while job_listed "$1"; do
    ((SECONDS - start < 30)) || fail "job $1 still in squeue after 30 s: $(squeue -n "$1")"
    sleep 0.1
  done
  expect_no_marked_processes 30 "$1"
}

# --- scancel --signal=TERM: the task's trap runs, srun returns its status ------------------------
name=$marker-term
start_step "$name" "trap 'exit 42' TERM"
start=$(now_ms)
scancel --signal=TERM "$step_job"
code=0
wait "$step_srun" || code=$?
elapsed=$(($(now_ms) - start))
expect_status 42 "$code" "srun of a step sent TERM by scancel, trapped as exit 42"
expect_gone "$name"
echo "scancel --signal=TERM: srun returned the trap's 42 after $elapsed ms;" \
  "job and processes gone after $(($(now_ms) - start)) ms"

# --- scancel of a task that ignores TERM: KILL after KillWait ------------------------------------
name=$marker-kill
start_step "$name" "trap '' TERM"
start=$(now_ms)
scancel "$step_job"
code=0
wait "$step_srun" || code=$?
elapsed=$(($(now_ms) - start))
expect_gone "$name"
echo "scancel of a task ignoring TERM: srun returned $code after $elapsed ms;" \
  "job and processes gone after $(($(now_ms) - start)) ms"

# --- Nothing left --------------------------------------------------------------------------------
expect_gone "$marker"
echo "PASS"
