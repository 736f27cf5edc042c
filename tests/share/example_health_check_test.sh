# share/examples/health-check.sh under `tasker every --changes --keep-going`, as its header
# says: a state that stays the same is printed once, a failed check fails the run but not the
# loop, and the script's own exit status follows its checks.
. "$(dirname "$0")/testlib.sh"

script=$SOURCE_DIR/share/examples/health-check.sh

# Healthy (no file system is more than 100% used): three runs, their one state printed once.
status=0
HEALTH_DISK_MAX=100 HEALTH_MEM_MIN=0 \
  "$TASKER" every 0 --count 3 --changes --keep-going -- "$script" >"$tmp/out" 2>"$tmp/err" || status=$?
cat "$tmp/out" "$tmp/err"
expect_status 0 "$status" "healthy checks"
expect_count "$tmp/out" "disk /: ok" 1
expect_contains "$tmp/out" "#1 | disk /: ok"
expect_count "$tmp/out" "memory: ok" 1
expect_contains "$tmp/err" "3 runs (3 succeeded)"

# Unhealthy (any use is more than -1%): each run fails, the loop goes on to its count, and the
# failure is printed once.
status=0
HEALTH_DISK_MAX=-1 \
  "$TASKER" every 0 --count 3 --changes --keep-going -- "$script" >"$tmp/out" 2>"$tmp/err" || status=$?
cat "$tmp/out" "$tmp/err"
expect_status 0 "$status" "--keep-going through failed checks"
expect_count "$tmp/out" "more than -1%" 1
expect_contains "$tmp/err" "3 runs (3 failed)"

# Without --keep-going the first failed run ends the loop with its status.
status=0
HEALTH_DISK_MAX=-1 "$TASKER" every 0 --count 3 -q -- "$script" >"$tmp/out" 2>&1 || status=$?
expect_status 1 "$status" "a failed check without --keep-going"

# A URL that does not answer (nothing listens on port 1) is reported with curl's status only,
# so the line is the same from run to run.
if command -v curl >/dev/null 2>&1; then
  status=0
  HEALTH_DISK_MAX=100 HEALTH_MEM_MIN=0 HEALTH_URL=http://127.0.0.1:1/ \
    "$TASKER" every 0 --count 2 --changes --keep-going -- "$script" >"$tmp/out" 2>&1 || status=$?
  expect_count "$tmp/out" "http://127.0.0.1:1/: down (curl exit status 7)" 1
fi
