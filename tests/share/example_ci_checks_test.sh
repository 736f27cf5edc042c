# share/examples/ci-checks.txt runs as its header says, from the top of the source tree, and
# every check in it passes.
. "$(dirname "$0")/testlib.sh"

cd "$SOURCE_DIR"
file=share/examples/ci-checks.txt
checks=$(command_lines "$file" | wc -l)
[ "$checks" -ge 3 ] || fail "$file has only $checks commands"

status=0
"$TASKER" gather -j 2 --from "$file" >"$tmp/out" 2>"$tmp/err" || status=$?
cat "$tmp/err"
expect_status 0 "$status" "tasker gather --from $file"
expect_contains "$tmp/err" "gather: $checks tasks in"
expect_contains "$tmp/err" ": $checks succeeded"

# --json lists each command of the file, in order, and nothing else.
"$TASKER" gather -j 2 --json --from "$file" >"$tmp/report.json"
expect_count "$tmp/report.json" '"state": "succeeded"' "$checks"
command_lines "$file" | while IFS= read -r command; do
  # The report escapes a backslash in JSON; compare up to the first one.
  prefix=${command%%\\*}
  expect_contains "$tmp/report.json" "\"command\": \"$prefix"
done
