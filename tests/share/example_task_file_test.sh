# share/examples/tasker.toml runs as the README's task-file scenario shows: `tasker run` runs
# `default` (the checks, then the package and its cleanup), `tasker run health` three ticks of
# a gather of three, and `--list` names every task with its desc.
. "$(dirname "$0")/testlib.sh"

cd "$SOURCE_DIR/share/examples"

status=0
"$TASKER" run >"$tmp/out" 2>"$tmp/err" || status=$?
cat "$tmp/out" "$tmp/err"
expect_status 0 "$status" "tasker run"
expect_contains "$tmp/out" "default/package/checks/lint | lint clean"
expect_contains "$tmp/out" "default/package             | packaging tasker-1.2.0.tar.gz"
expect_contains "$tmp/out" "removing dist/tmp"
expect_contains "$tmp/err" "run: 4 tasks in"
expect_contains "$tmp/err" ": 4 succeeded"

status=0
"$TASKER" --json run health >"$tmp/health.json" 2>"$tmp/err" || status=$?
expect_status 0 "$status" "tasker run health"
expect_count "$tmp/health.json" '"kind": "run"' 9
expect_count "$tmp/health.json" '"state": "succeeded"' 13  # 9 commands, 3 gathers, the every

"$TASKER" run --list >"$tmp/list"
expect_contains "$tmp/list" "package  the tarball, once the checks pass"
expect_count "$tmp/list" "" 6
