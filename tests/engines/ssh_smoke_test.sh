#!/usr/bin/env bash
# The OpenSSH engine as the SSH executor meets it: every host alias runs a command and gives back
# its exit code and its two streams apart; the dead alias fails with 255 at once; a ControlMaster
# carries many commands over one connection and ends on -O exit. Two behaviours of OpenSSH the
# executor is built around are pinned here, so that a change of them shows: a command killed by
# a signal comes back as 255, like a dead host; and killing the local client leaves the remote
# command running. Nothing this test started may be left.
# shellcheck source=SCRIPTDIR/testlib.sh
. "$(dirname "$0")/testlib.sh"

ssh_cmd=(ssh -F "$TASKER_SSH_CONFIG")
remote_env="export TASKER_TEST_MARKER=$marker;"

# --- Every alias: exit code, stdout and stderr apart ---------------------------------------------
for host in $TASKER_SSH_HOSTS; do
  code=0
  "${ssh_cmd[@]}" "$host" "$remote_env echo out-$host; echo err-$host >&2; exit 7" \
    >"$tmp/out" 2>"$tmp/err" || code=$?
  expect_status 7 "$code" "ssh $host 'exit 7'"
  [[ $(cat "$tmp/out") == "out-$host" ]] || fail "ssh $host: stdout was '$(cat "$tmp/out")'"
  [[ $(cat "$tmp/err") == "err-$host" ]] || fail "ssh $host: stderr was '$(cat "$tmp/err")'"

  code=0
  "${ssh_cmd[@]}" "$host" "$remote_env true" || code=$?
  expect_status 0 "$code" "ssh $host true"
done
first_host=${TASKER_SSH_HOSTS%% *}

# --- The dead alias: 255 at once, with ssh's reason on stderr ------------------------------------
start=$(now_ms)
code=0
"${ssh_cmd[@]}" "$TASKER_SSH_DEAD_HOST" "$remote_env true" 2>"$tmp/err" || code=$?
elapsed=$(($(now_ms) - start))
expect_status 255 "$code" "ssh $TASKER_SSH_DEAD_HOST true"
((elapsed < 5000)) || fail "ssh $TASKER_SSH_DEAD_HOST took $elapsed ms to fail"
grep -q "Connection refused" "$tmp/err" || fail "ssh $TASKER_SSH_DEAD_HOST said: $(cat "$tmp/err")"
echo "ssh $TASKER_SSH_DEAD_HOST: status 255 after $elapsed ms"

# --- What the client's status cannot tell apart --------------------------------------------------
for remote in 'exit 255' 'kill -TERM $$' 'kill -KILL $$'; do
  code=0
  "${ssh_cmd[@]}" "$first_host" "$remote_env $remote" 2>"$tmp/err" || code=$?
  expect_status 255 "$code" "ssh $first_host '$remote'"
done

# --- A ControlMaster: one connection for many commands -------------------------------------------
control=$tmp/master
"${ssh_cmd[@]}" -o ControlMaster=yes -o ControlPath="$control" -o ControlPersist=60 -f -N \
  "$first_host" || fail "could not start a ControlMaster"
"${ssh_cmd[@]}" -o ControlPath="$control" -O check "$first_host" 2>"$tmp/err" ||
  fail "ssh -O check: $(cat "$tmp/err")"
# Commands through a master share its TCP connection, so sshd reports one client port for all.
direct=$("${ssh_cmd[@]}" "$first_host" 'echo $SSH_CONNECTION')
: >"$tmp/connections"
for i in 1 2 3 4 5; do
  code=0
  "${ssh_cmd[@]}" -o ControlMaster=no -o ControlPath="$control" "$first_host" \
    "$remote_env echo \$SSH_CONNECTION; exit $i" >>"$tmp/connections" || code=$?
  expect_status "$i" "$code" "ssh through the ControlMaster, 'exit $i'"
done
[[ $(sort -u "$tmp/connections" | wc -l) -eq 1 ]] ||
  fail "commands through one master came over several connections: $(sort -u "$tmp/connections")"
[[ $(head -n 1 "$tmp/connections") != "$direct" ]] ||
  fail "a direct connection and the master reported the same connection: $direct"
start=$(now_ms)
"${ssh_cmd[@]}" -o ControlPath="$control" -O exit "$first_host" 2>/dev/null ||
  fail "ssh -O exit failed"
expect_no_marked_processes 5 "$control"
[[ ! -e $control ]] || fail "the ControlMaster left its socket $control"
echo "ControlMaster: 5 commands over one connection; -O exit took $(($(now_ms) - start)) ms"

# --- Killing the local client leaves the remote command running ----------------------------------
orphan=$marker-orphan
"${ssh_cmd[@]}" "$first_host" "export TASKER_TEST_MARKER=$orphan; sleep 60" &
client=$!
remote_sleep() {
  local pid
  for pid in $(marked_processes "$orphan"); do
    [[ $(cat "/proc/$pid/comm" 2>/dev/null) == sleep ]] && return 0
  done
  return 1
}
wait_until 20 remote_sleep || fail "the remote sleep did not start"
kill -TERM "$client"
wait "$client" || true
sleep 1
remote_sleep ||
  fail "the remote command ended with its local ssh client: OpenSSH changed, see README.md"
mapfile -t pids < <(marked_processes "$orphan")
kill -TERM "${pids[@]}" 2>/dev/null || true
expect_no_marked_processes 10 "$orphan"
echo "a killed local ssh client left its remote command running, as expected"

expect_no_marked_processes 10 "$marker"
echo "PASS"
