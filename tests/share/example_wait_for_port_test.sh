# share/examples/wait-for-port.sh under `tasker every --until-success`, as its header says: a
# local port that starts accepting connections after a refused attempt ends the loop with
# success.
. "$(dirname "$0")/testlib.sh"

script=$SOURCE_DIR/share/examples/wait-for-port.sh
command -v bash >/dev/null 2>&1 || skip "no bash"
command -v timeout >/dev/null 2>&1 || skip "no timeout(1)"
python=$(command -v python3 || true)
[ -n "$python" ] || skip "no python3 to listen on a port"

# Bound at once (so the port is ours), listening only once the test says so: until then
# connections are refused, as they are by a service that is still starting.
"$python" -c '
import os, socket, sys, time
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1], flush=True)
while not os.path.exists(sys.argv[1]):
    time.sleep(0.02)
s.listen()
time.sleep(60)
' "$tmp/listen" >"$tmp/port" &
listener=$!
trap 'kill $listener ${poller:-} 2>/dev/null || true; rm -rf "$tmp"' EXIT

# wait_until SECONDS COMMAND...: polls COMMAND every 0.1s; false if it never succeeds.
wait_until() {
  tries=$(($1 * 10))
  shift
  while [ "$tries" -gt 0 ]; do
    "$@" && return 0
    tries=$((tries - 1))
    sleep 0.1
  done
  return 1
}

wait_until 30 test -s "$tmp/port" || fail "the listener did not start"
port=$(cat "$tmp/port")

"$TASKER" every 100ms --until-success --for 60s --report "$tmp/report.json" \
  -- "$script" 127.0.0.1 "$port" >"$tmp/out" 2>"$tmp/err" &
poller=$!
# A refused attempt first, then the service comes up.
wait_until 30 grep -q "127.0.0.1:$port is not accepting connections yet" "$tmp/out" ||
  fail "no refused attempt was printed: $(cat "$tmp/out" "$tmp/err")"
touch "$tmp/listen"
status=0
wait "$poller" || status=$?
cat "$tmp/out" "$tmp/err"
expect_status 0 "$status" "waiting for port $port"
expect_count "$tmp/out" "127.0.0.1:$port is accepting connections" 1
expect_contains "$tmp/report.json" '"end_reason": "until_success"'

# A port that is not a number is the script's usage error, status 2.
status=0
"$TASKER" after 0 -q -- "$script" 127.0.0.1 http >"$tmp/out" 2>&1 || status=$?
expect_status 2 "$status" "a port that is not a number"
expect_contains "$tmp/out" "'http' is not a TCP port"
