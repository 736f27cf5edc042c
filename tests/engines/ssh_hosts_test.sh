#!/usr/bin/env bash
# tasker's SSH hosts (-S/--hosts) against the real sshd: tasks spread over hosts and the report
# names them; a dead host is routed around, and with none left the task fails with 255; the
# remote command's own status comes back (an exit, a signal); a timeout, a fail-fast cancel,
# Ctrl-C and a kill -9 of tasker (also during a task with input) leave no process on the
# "remote" side (this machine: the test searches /proc for its marker), nor a master; a slot's
# tasks share its shell's session, and a shell killed with its task is replaced; more slots
# than one master's sessions get a second master; every and chain run over hosts; bad host lists
# are usage errors with nothing run.
# Run as: bash ssh_hosts_test.sh SOURCE_DIR TASKER
# shellcheck source=SCRIPTDIR/testlib.sh
. "$(dirname "$0")/testlib.sh"

TASKER=${2:?usage: ssh_hosts_test.sh SOURCE_DIR TASKER}
read -r h1 h2 _ <<<"$TASKER_SSH_HOSTS"
dead=$TASKER_SSH_DEAD_HOST
ssh=(--ssh "ssh -F $TASKER_SSH_CONFIG")
# Each remote command carries the marker in its environment, where its children inherit it.
mark="export TASKER_TEST_MARKER=$marker;"

# json_check FILE PYTHON-EXPRESSION...: each expression holds, with `r` the report.
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

# --- Tasks spread over two hosts, one slot each; the report names the hosts ----------------------
start=$(now_ms)
code=0
"$TASKER" -S "1/$h1,1/$h2" "${ssh[@]}" --json gather "$mark sleep 1; echo one" \
  "$mark sleep 1; echo two" >"$tmp/spread.json" || code=$?
expect_status 0 "$code" "gather over $h1,$h2"
json_check "$tmp/spread.json" \
  "sorted(t['host'] for t in r['tasks']) == sorted(['$h1', '$h2'])" \
  "[t['stdout'] for t in r['tasks']] == ['one\n', 'two\n']" \
  "all(t['stderr'] == '' for t in r['tasks'])"
echo "two tasks on two hosts: $(($(now_ms) - start)) ms"

# Two slots on one host (-j 2 is per host), a third task waits for a free one.
code=0
"$TASKER" -S "$h1" "${ssh[@]}" --json gather -j 2 "$mark echo a" "$mark echo b" "$mark echo c" \
  >"$tmp/slots.json" || code=$?
expect_status 0 "$code" "gather -j 2 on $h1"
json_check "$tmp/slots.json" "[t['host'] for t in r['tasks']] == ['$h1'] * 3" \
  "[t['stdout'] for t in r['tasks']] == ['a\n', 'b\n', 'c\n']"

# The tasks of one slot run one after another in one ssh session, its slot shell's: one process
# group, the session's, for all of them.
code=0
"$TASKER" -S "1/$h1" "${ssh[@]}" --json gather "$mark ps -o pgid= -p \$\$" \
  "$mark ps -o pgid= -p \$\$" "$mark ps -o pgid= -p \$\$" >"$tmp/session.json" || code=$?
expect_status 0 "$code" "three tasks on one slot of $h1"
json_check "$tmp/session.json" "r['tasks'][0]['stdout'].strip().isdigit()" \
  "len(set(t['stdout'] for t in r['tasks'])) == 1"

# A line goes on as the remote command writes it, not with the slot shell's next bytes: the
# command waits (20 s at most) for the test to have seen its first line.
code=0
"$TASKER" -S "1/$h1" "${ssh[@]}" --output raw gather "$mark echo first; i=0; \
  while [ ! -e $tmp/seen ] && [ \$i -lt 200 ]; do sleep 0.1; i=\$((i + 1)); done; echo second" \
  >"$tmp/live.out" &
tasker_pid=$!
wait_until 20 grep -q first "$tmp/live.out" || fail "the first line did not come while its task ran"
touch "$tmp/seen"
wait "$tasker_pid" || code=$?
expect_status 0 "$code" "a task writing a line, then waiting"
[[ $(cat "$tmp/live.out") == $'first\nsecond' ]] || fail "live output: $(cat "$tmp/live.out")"

# A task file's env and cwd reach the remote command, set there by the shell that runs it.
mkdir -p "$tmp/files/work dir"
cat >"$tmp/files/tasker.toml" <<'EOF'
[tasks.where]
run = 'echo "$GREETING from $(pwd)"'
env = { GREETING = "hello 'there'" }
cwd = "work dir"
EOF
code=0
(cd "$tmp/files" && "$TASKER" -S "1/$h1" "${ssh[@]}" --output raw run where) >"$tmp/where.out" ||
  code=$?
expect_status 0 "$code" "a task file's task over $h1"
[[ $(cat "$tmp/where.out") == "hello 'there' from $tmp/files/work dir" ]] ||
  fail "env and cwd over ssh: $(cat "$tmp/where.out")"

# The job log's Host column is what GNU parallel writes for the same -S: the host's name without
# its N/, `:` for this machine.
mkdir -p "$tmp/parallel-home"
for hosts in "2/$h1" ":"; do
  rm -f "$tmp/jl" "$tmp/parallel.jl"
  code=0
  "$TASKER" -q -S "$hosts" "${ssh[@]}" gather --joblog "$tmp/jl" "$mark echo {}" ::: a b \
    >/dev/null || code=$?
  expect_status 0 "$code" "gather -S $hosts --joblog"
  HOME=$tmp/parallel-home parallel --will-cite -S "$hosts" --ssh "ssh -F $TASKER_SSH_CONFIG" \
    --joblog "$tmp/parallel.jl" "$mark echo {}" ::: a b >/dev/null ||
    fail "parallel -S $hosts did not run"
  ours=$(tail -n +2 "$tmp/jl" | cut -f 2 | sort | tr '\n' ' ')
  theirs=$(tail -n +2 "$tmp/parallel.jl" | cut -f 2 | sort | tr '\n' ' ')
  [[ $ours == "$theirs" ]] || fail "-S $hosts: job log hosts '$ours', parallel's '$theirs'"
done

# More slots on one host than one master's sessions (sshd's MaxSessions is 10): a second master
# carries the rest, and all 12 run at once.
mkdir "$tmp/many"
start=$(now_ms)
code=0
commands=()
for i in $(seq 12); do commands+=("$mark sleep 3; echo $i"); done
TMPDIR=$tmp/many "$TASKER" -S "12/$h1" "${ssh[@]}" --json gather "${commands[@]}" \
  >"$tmp/many.json" &
tasker_pid=$!
wait_until 20 bash -c "[[ \$(grep -lzE -- '[${marker:0:1}]${marker:1}' /proc/[0-9]*/environ \
  2>/dev/null | wc -l) -ge 12 ]]" || fail "12 tasks did not run at once on $h1"
mapfile -t masters < <(marked_processes "ControlMaster=yes")
masters_here=0
for pid in "${masters[@]}"; do
  grep -qzF "$tmp/many/" "/proc/$pid/cmdline" 2>/dev/null && masters_here=$((masters_here + 1))
done
((masters_here == 2)) || fail "12 slots on $h1: $masters_here masters, expected 2"
wait "$tasker_pid" || code=$?
expect_status 0 "$code" "gather -S 12/$h1"
json_check "$tmp/many.json" \
  "[t['stdout'] for t in r['tasks']] == [f'{i}\\n' for i in range(1, 13)]" \
  "all(t['host'] == '$h1' and t['attempts'] == 1 for t in r['tasks'])"
echo "12 tasks of 3 s on one host, two masters: $(($(now_ms) - start)) ms"

# --- A dead host is routed around, and not counted as the command's failure ----------------------
code=0
"$TASKER" -S "$dead,$h1" "${ssh[@]}" --json gather "$mark echo x" "$mark echo y" \
  >"$tmp/dead.json" 2>"$tmp/dead.err" || code=$?
expect_status 0 "$code" "gather over $dead,$h1"
json_check "$tmp/dead.json" "[t['host'] for t in r['tasks']] == ['$h1', '$h1']" \
  "[t['attempts'] for t in r['tasks']] == [1, 1]" \
  "all(t['stderr'] == '' for t in r['tasks'])"

# With no host left: 255, and a message that names the host and what ssh said.
code=0
"$TASKER" -S "$dead" "${ssh[@]}" gather "$mark true" >"$tmp/out" 2>"$tmp/err" || code=$?
expect_status 255 "$code" "gather on $dead alone"
grep -q "no host could run the task: $dead (.*Connection refused" "$tmp/err" ||
  fail "no message naming $dead: $(cat "$tmp/err")"

# --- Remote statuses: an exit code, a death by signal, an exit code above 128 --------------------
code=0
"$TASKER" -S "3/$h1" "${ssh[@]}" --json list "$mark exit 3" "$mark kill -KILL \$\$" \
  "$mark exit 137" "$mark echo out; echo err >&2" >"$tmp/status.json" || code=$?
expect_status 1 "$code" "list with failures"
json_check "$tmp/status.json" \
  "[t['status'] for t in r['tasks']] == [3, 137, 137, 0]" \
  "[t['exit_code'] for t in r['tasks']] == [3, None, 137, 0]" \
  "[t['signal'] for t in r['tasks']] == [None, 9, None, None]" \
  "r['tasks'][3]['stdout'] == 'out\n' and r['tasks'][3]['stderr'] == 'err\n'"

# --- A timeout stops the remote command, through its trap, and leaves nothing --------------------
# The timeout counts from the task's start, the master's handshake included: on 2 cores at load
# 15 a first handshake took up to 5 s, and a 2 s timeout could come before the command started.
start=$(now_ms)
code=0
"$TASKER" -S "$h1" "${ssh[@]}" --json gather --timeout 6s --grace 5s \
  "$mark trap 'echo trapped; exit 42' TERM; sleep 60 & wait" >"$tmp/timeout.json" || code=$?
elapsed=$(($(now_ms) - start))
expect_status 124 "$code" "a remote task over its timeout"
json_check "$tmp/timeout.json" "r['tasks'][0]['state'] == 'timed_out'" \
  "r['tasks'][0]['stdout'] == 'trapped\n'"
((elapsed < 11000)) || fail "the timeout took $elapsed ms"
expect_no_marked_processes 3 "$marker"
echo "timeout after 6 s: tasker ended after $elapsed ms"

# A command that ignores TERM is killed after the grace, its slot shell with it; the slot's next
# task runs in a new one.
code=0
"$TASKER" -S "1/$h1" "${ssh[@]}" --json list --timeout 1s --grace 1s \
  "$mark trap '' TERM; sleep 60" "$mark echo after" >"$tmp/ignore.json" || code=$?
expect_status 1 "$code" "a remote task ignoring TERM"
json_check "$tmp/ignore.json" "r['tasks'][0]['state'] == 'timed_out'" \
  "r['tasks'][0]['signal'] == 9" "r['tasks'][1]['stdout'] == 'after\n'"
expect_no_marked_processes 3 "$marker"

# --- Fail fast: the other remote task is cancelled and leaves nothing ----------------------------
code=0
"$TASKER" -S "2/$h1" "${ssh[@]}" --json gather "$mark sleep 60" "$mark sleep 1; exit 4" \
  >"$tmp/failfast.json" || code=$?
expect_status 4 "$code" "gather failing fast"
json_check "$tmp/failfast.json" "r['tasks'][0]['state'] == 'cancelled'" \
  "r['tasks'][0]['signal'] == 15"
expect_no_marked_processes 3 "$marker"

# --- Ctrl-C: SIGINT to tasker cancels the remote tasks, and nothing is left -----------------------
# A background job of a script starts with SIGINT ignored, which tasker would keep: python gives
# it the default action back, as an interactive shell's job has.
python3 -c 'import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL)
os.execv(sys.argv[1], sys.argv[1:])' "$TASKER" -S "2/$h1" "${ssh[@]}" --report "$tmp/int.json" \
  gather "$mark sleep 60" "$mark sleep 61" >/dev/null 2>&1 &
tasker_pid=$!
# Both remote commands run once their `sleep` carries the marker.
wait_until 20 bash -c "[[ \$(grep -lzE -- '[${marker:0:1}]${marker:1}' /proc/[0-9]*/environ \
  2>/dev/null | wc -l) -ge 2 ]]" || fail "the remote tasks did not start"
kill -INT "$tasker_pid"
code=0
wait "$tasker_pid" || code=$?
expect_status 130 "$code" "tasker after SIGINT"
json_check "$tmp/int.json" "[t['state'] for t in r['tasks']] == ['cancelled', 'cancelled']"
expect_no_marked_processes 3 "$marker"

# --- kill -9 tasker: the remote commands and the masters end on their own ------------------------
# Nothing of tasker's runs its cleanup: the watchdog ends the local ssh clients and masters, and
# each slot shell sees its stdin close and ends its group. The masters' sockets are in TMPDIR.
mkdir "$tmp/kill9"
TMPDIR=$tmp/kill9 "$TASKER" -S "2/$h1,1/$h2" "${ssh[@]}" gather "$mark sleep 60" \
  "$mark sleep 61" "$mark sleep 62" >/dev/null 2>&1 &
tasker_pid=$!
wait_until 20 bash -c "[[ \$(grep -lzE -- '[${marker:0:1}]${marker:1}' /proc/[0-9]*/environ \
  2>/dev/null | wc -l) -ge 3 ]]" || fail "the remote tasks did not start"
mapfile -t masters < <(marked_processes "$tmp/kill9/tasker-ssh-")
((${#masters[@]} >= 2)) || fail "expected a master per host, found: ${masters[*]}"
kill -KILL "$tasker_pid"
wait "$tasker_pid" 2>/dev/null || true
start=$(now_ms)
expect_no_marked_processes 10 "$marker"
expect_no_marked_processes 10 "$tmp/kill9/tasker-ssh-"
echo "kill -9 of tasker: nothing left after $(($(now_ms) - start)) ms"

# --- kill -9 tasker during a task with input: the watchdog ends its group on the host ------------
# A chain step's input comes through ssh's stdin, so its wrapper cannot watch its client: the
# watchdog, told its group, kills it through a connection of its own once tasker is gone.
"$TASKER" -S "$h1" "${ssh[@]}" chain "$mark echo input" \
  --then "$mark read -r line; trap '' TERM HUP; sleep 64" >/dev/null 2>&1 &
tasker_pid=$!
step_sleeps() {
  local pid
  for pid in $(marked_processes "$marker"); do
    [[ $(tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline") == "sleep 64 " ]] && return 0
  done
  return 1
}
wait_until 20 step_sleeps || fail "the chain's step did not start"
kill -KILL "$tasker_pid"
wait "$tasker_pid" 2>/dev/null || true
start=$(now_ms)
expect_no_marked_processes 20 "$marker"
echo "kill -9 of tasker during a step with input: nothing left after $(($(now_ms) - start)) ms"

# --- -v lines and JUnit name the host ------------------------------------------------------------
code=0
"$TASKER" -S "$h2" "${ssh[@]}" -v --junit "$tmp/junit.xml" gather "$mark true" \
  >/dev/null 2>"$tmp/verbose" || code=$?
expect_status 0 "$code" "gather -v --junit"
grep -q "succeeded (status 0) on $h2" "$tmp/verbose" || fail "-v: $(cat "$tmp/verbose")"
grep -q "<property name=\"tasker.host\" value=\"$h2\"/>" "$tmp/junit.xml" ||
  fail "junit: $(cat "$tmp/junit.xml")"

# --- every and chain over hosts ------------------------------------------------------------------
code=0
"$TASKER" -S "$h1" "${ssh[@]}" --json every 0 --count 2 -- "$mark echo tick" \
  >"$tmp/every.json" || code=$?
expect_status 0 "$code" "every over $h1"
json_check "$tmp/every.json" "[x['stdout'] for x in r['runs']] == ['tick\n', 'tick\n']"
code=0
"$TASKER" -S "$h2" "${ssh[@]}" --output raw chain "$mark echo hello; exit 3" \
  --catch "$mark echo caught \$TASKER_STATUS; cat" >"$tmp/chain.out" || code=$?
expect_status 0 "$code" "chain over $h2"
[[ $(cat "$tmp/chain.out") == $'hello\ncaught 3\nhello' ]] || fail "chain output: $(cat "$tmp/chain.out")"

# --- Bad input: status 2, one line, nothing run --------------------------------------------------
bad_input() {
  local code=0
  "$TASKER" "$@" "${ssh[@]}" gather "touch $tmp/ran" >"$tmp/out" 2>"$tmp/err" || code=$?
  expect_status 2 "$code" "tasker $*"
  [[ $(wc -l <"$tmp/err") -eq 1 ]] || fail "tasker $*: stderr was: $(cat "$tmp/err")"
  [[ ! -e $tmp/ran ]] || fail "tasker $*: a task ran"
  [[ ! -s $tmp/out ]] || fail "tasker $*: stdout was: $(cat "$tmp/out")"
}
bad_input -S "0/$h1"
bad_input -S "x/$h1"
bad_input -S "$h1,,"
bad_input -S ""
bad_input --hosts-file "$tmp/no-such-file"
bad_input -S "$h1" --ssh "ssh 'unclosed"
echo "ssh hosts: all passed"
