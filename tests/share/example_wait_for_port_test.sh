# share/examples/wait-for-port.sh under `tasker every --until-success`, as its header says: a
# local port that starts accepting connections half a second in ends the loop with success.
. "$(dirname "$0")/testlib.sh"

script=$SOURCE_DIR/share/examples/wait-for-port.sh
command -v bash >/dev/null 2>&1 || skip "no bash"
command -v timeout >/dev/null 2>&1 || skip "no timeout(1)"
python=$(command -v python3 || true)
[ -n "$python" ] || skip "no python3 to listen on a port"

# Bound at once (so the port is ours), listening only after 0.5s: until then connections are
# refused, as they are by a service that is still starting.
"$python" -c '
import socket, sys, time
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1], flush=True)
time.sleep(0.5)
s.listen()
time.sleep(30)
' >"$tmp/port" &
listener=$!
trap 'kill $listener 2>/dev/null; rm -rf "$tmp"' EXIT
for _ in 1 2 3 4 5 6 7 8 9 10; do
  [ -s "$tmp/port" ] && break
  sleep 0.1
done
port=$(cat "$tmp/port")
[ -n "$port" ] || fail "the listener did not start"

status=0
"$TASKER" every 100ms --until-success --for 20s --report "$tmp/report.json" \
  -- "$script" 127.0.0.1 "$port" >"$tmp/out" 2>"$tmp/err" || status=$?
cat "$tmp/out" "$tmp/err"
expect_status 0 "$status" "waiting for port $port"
expect_contains "$tmp/out" "127.0.0.1:$port is not accepting connections yet"
expect_count "$tmp/out" "127.0.0.1:$port is accepting connections" 1
expect_contains "$tmp/report.json" '"end_reason": "until_success"'

# A port that is not a number is the script's usage error, status 2.
status=0
"$TASKER" after 0 -q -- "$script" 127.0.0.1 http >"$tmp/out" 2>&1 || status=$?
expect_status 2 "$status" "a port that is not a number"
expect_contains "$tmp/out" "'http' is not a TCP port"
