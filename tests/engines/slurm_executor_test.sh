#!/usr/bin/env bash
# tasker's Slurm executor (--executor slurm) against the real single-node cluster: the task's own
# statuses and job ids in the report; a task srun cannot start is 127 with srun's message; a
# timeout runs the task's TERM trap through scancel and leaves no job in squeue and no process;
# gather, every and chain run as job steps, also inside an allocation; Ctrl-C leaves nothing; bad
# input is a usage error with nothing run.
# Run as: bash slurm_executor_test.sh SOURCE_DIR TASKER
# shellcheck source=SCRIPTDIR/testlib.sh
. "$(dirname "$0")/testlib.sh"

TASKER=${2:?usage: slurm_executor_test.sh SOURCE_DIR TASKER}
# srun hands its environment to the task: the marker reaches every process of the test's jobs.
tasker() {
  env TASKER_TEST_MARKER="$marker" "$TASKER" --executor slurm "$@"
}

json_check() {
  local file=$1
  shift
  python3 - "$file" "$@" <<'EOF' || fail "report $file: $(cat "$file")"
import json, sys
r = json.load(open(sys.argv[1]))
for check in sys.argv[2:]:
    if not eval(check):
        sys.exit(f"does not hold: {check}")
EOF
}

no_jobs_named() {
  [[ -z $(squeue -h -n "$1" -o %i 2>/dev/null) ]]
}

# --- Statuses and job ids ------------------------------------------------------------------------
# With the node busy (another test's job), srun says on stderr that the job queued before the
# task starts; tasker shows that with the task's stderr, as srun would: only srun's lines may
# come before the task's own.
code=0
tasker --json list -j 2 "exit 3" "kill -KILL \$\$" "echo out; echo err >&2" >"$tmp/status.json" ||
  code=$?
expect_status 1 "$code" "list over slurm"
json_check "$tmp/status.json" \
  "[t['status'] for t in r['tasks']] == [3, 137, 0]" \
  "[t['signal'] for t in r['tasks']] == [None, 9, None]" \
  "r['tasks'][2]['stdout'] == 'out\n'" \
  "r['tasks'][2]['stderr'].endswith('err\n')" \
  "all(l.startswith('srun: ') for l in r['tasks'][2]['stderr'].splitlines()[:-1])" \
  "all(t['job_id'] for t in r['tasks'])" \
  "len(set(t['job_id'] for t in r['tasks'])) == 3"

# --- A task srun cannot start: 127, with srun's message ------------------------------------------
code=0
tasker --slurm-args "--partition=no-such-partition" gather "true" >"$tmp/out" 2>"$tmp/err" ||
  code=$?
expect_status 127 "$code" "srun on a partition that does not exist"
grep -q "srun: error: .*partition" "$tmp/err" || fail "no srun message: $(cat "$tmp/err")"

# --- A timeout: the trap runs, no job and no process is left -------------------------------------
name=timeout-$marker
start=$(now_ms)
code=0
tasker --json gather --names "$name" --timeout 3s --grace 5s \
  "trap 'echo trapped; exit 42' TERM; while :; do sleep 0.2; done" >"$tmp/timeout.json" || code=$?
elapsed=$(($(now_ms) - start))
expect_status 124 "$code" "a slurm task over its timeout"
json_check "$tmp/timeout.json" "r['tasks'][0]['state'] == 'timed_out'" \
  "r['tasks'][0]['stdout'] == 'trapped\n'"
wait_until 30 no_jobs_named "$name" || fail "job $name still in squeue"
expect_no_marked_processes 10 "$marker"
echo "slurm timeout after 3 s: tasker ended after $elapsed ms"

# --- Inside an allocation (salloc): the tasks are steps of its job -------------------------------
code=0
salloc --quiet -N1 --job-name="alloc-$marker" env TASKER_TEST_MARKER="$marker" "$TASKER" \
  --executor slurm --json gather "echo \$SLURM_JOB_ID" "echo \$SLURM_JOB_ID" \
  >"$tmp/alloc.json" || code=$?
expect_status 0 "$code" "gather inside salloc"
json_check "$tmp/alloc.json" \
  "len(set(t['stdout'] for t in r['tasks'])) == 1" \
  "all(t['job_id'].split('.')[0] == t['stdout'].strip() for t in r['tasks'])" \
  "len(set(t['job_id'] for t in r['tasks'])) == 2"
wait_until 30 no_jobs_named "alloc-$marker" || fail "job alloc-$marker still in squeue"

# --- Ctrl-C: SIGINT to tasker cancels the steps, and no job or process is left -------------------
# As in ssh_hosts_test.sh: python gives SIGINT its default action back for the background job.
name=int-$marker
env TASKER_TEST_MARKER="$marker" python3 -c 'import os, signal, sys
signal.signal(signal.SIGINT, signal.SIG_DFL)
os.execv(sys.argv[1], sys.argv[1:])' "$TASKER" --executor slurm --report "$tmp/int.json" \
  gather -j 2 --names "$name-1,$name-2" "sleep 60" "sleep 61" >/dev/null 2>&1 &
tasker_pid=$!
running_sleeps() {
  local pid count=0
  for pid in $(marked_processes "$marker"); do
    [[ $(tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline") == "sleep 6"* ]] && count=$((count + 1))
  done
  ((count >= 2))
}
wait_until 30 running_sleeps || fail "the slurm tasks did not start"
kill -INT "$tasker_pid"
code=0
wait "$tasker_pid" || code=$?
expect_status 130 "$code" "tasker --executor slurm after SIGINT"
json_check "$tmp/int.json" "[t['state'] for t in r['tasks']] == ['cancelled', 'cancelled']"
for job in "$name-1" "$name-2"; do
  wait_until 30 no_jobs_named "$job" || fail "job $job still in squeue"
done
expect_no_marked_processes 10 "$marker"

# --- gather, every and chain as job steps --------------------------------------------------------
code=0
tasker --json gather -j 2 --names one,two "echo a" "echo b" >"$tmp/gather.json" || code=$?
expect_status 0 "$code" "gather over slurm"
json_check "$tmp/gather.json" "[t['stdout'] for t in r['tasks']] == ['a\n', 'b\n']" \
  "all(t['job_id'] for t in r['tasks'])"
code=0
tasker --json every 0 --count 2 -- "echo tick" >"$tmp/every.json" || code=$?
expect_status 0 "$code" "every over slurm"
json_check "$tmp/every.json" "[x['stdout'] for x in r['runs']] == ['tick\n', 'tick\n']"
code=0
tasker --output raw chain "echo hello; exit 3" --catch "echo caught \$TASKER_STATUS; cat" \
  >"$tmp/chain.out" || code=$?
expect_status 0 "$code" "chain over slurm"
[[ $(cat "$tmp/chain.out") == $'hello\ncaught 3\nhello' ]] ||
  fail "chain output: $(cat "$tmp/chain.out")"

# --- Bad input: status 2, one line, nothing run --------------------------------------------------
bad_input() {
  local code=0
  "$@" gather "touch $tmp/ran" >"$tmp/out" 2>"$tmp/err" || code=$?
  expect_status 2 "$code" "$*"
  [[ $(wc -l <"$tmp/err") -eq 1 ]] || fail "$*: stderr was: $(cat "$tmp/err")"
  [[ ! -e $tmp/ran ]] || fail "$*: a task ran"
}
bad_input "$TASKER" --executor cluster
bad_input "$TASKER" --executor slurm --slurm-args "--time='1:00"
bad_input env PATH=/nonexistent "$TASKER" --executor slurm
grep -q "srun, which is not installed" "$tmp/err" || fail "no srun named: $(cat "$tmp/err")"
# Slurm with hosts is refused as the command line is read: every and after make no report file.
for command in "every 1s --count 1 --" "after 0s" "gather"; do
  code=0
  # shellcheck disable=SC2086 # the command's words
  "$TASKER" --executor slurm -S h1 --report "$tmp/refused.json" $command "touch $tmp/ran" \
    >"$tmp/out" 2>"$tmp/err" || code=$?
  expect_status 2 "$code" "--executor slurm -S h1 $command"
  [[ $(wc -l <"$tmp/err") -eq 1 ]] || fail "$command: stderr was: $(cat "$tmp/err")"
  grep -q "slurm and --hosts cannot go together" "$tmp/err" || fail "$command: $(cat "$tmp/err")"
  [[ ! -e $tmp/ran ]] || fail "$command: a task ran"
  [[ ! -e $tmp/refused.json ]] || fail "$command: the report file was made"
  [[ ! -s $tmp/out ]] || fail "$command: stdout was: $(cat "$tmp/out")"
done
expect_no_marked_processes 10 "$marker"
echo "slurm executor: all passed"
