# Every command's report, with --json and as a --report file, in success, failure, timeout,
# interruption and the tree shapes of chain and run, is valid against the published schema
# (share/schema/tasker-report.schema.json, JSON Schema draft 2020-12); and the schema rejects a
# report with a field it does not know, so it is not a schema that accepts anything.
. "$(dirname "$0")/testlib.sh"

schema=$SOURCE_DIR/share/schema/tasker-report.schema.json
# Debian's python3 first: one earlier on PATH (pyenv, a venv) may lack python3-jsonschema.
python=
for candidate in /usr/bin/python3 python3; do
  if "$candidate" -c 'import jsonschema' >/dev/null 2>&1; then
    python=$candidate
    break
  fi
done
[ -n "$python" ] || skip "no python3 with jsonschema (apt-get install -y python3-jsonschema)"
validate() {
  "$python" "$SOURCE_DIR/tests/share/validate_report.py" "$schema" "$@"
}

cd "$tmp"
n=0
report() {
  n=$((n + 1))
  "$TASKER" --json "$@" >"$tmp/r$n.json" 2>/dev/null || true
  "$TASKER" --report "$tmp/f$n.json" "$@" >/dev/null 2>&1 || true
}
report gather true 'exit 3' 'sleep 5'
report list --fire-on-one-callback false true
report any false 'exit 4'
report gather --timeout 100ms 'sleep 5'
report gather -j 1 --retries 1 false true
# A resumed run: the tasks the job log lists are skipped.
"$TASKER" -q gather --joblog "$tmp/job.log" true >/dev/null 2>&1 || true
report list --joblog "$tmp/job.log" --resume true false
report every 10ms --count 3 -- 'echo tick'
report every 10ms --keep-going --max-failures 2 -- false
report after 10ms -- 'echo later'
report chain 'exit 2' --catch true --trap 2 --callbacks true false --both 'exit 1' --finally true
report chain 'sleep 5' --timeout 100ms --catch true --trap timeout
cat >tasker.toml <<'TOML'
[tasks.a]
run = "echo a"
[tasks.b]
needs = ["a"]
gather = ["a", { run = "exit 3" }]
catch = "true"
[tasks.c]
every = "10ms"
count = 2
any = [{ task = "a" }, { chain = [{ then = "true" }], run = "false" }]
[tasks.d]
delay = "10ms"
list = ["a", "b"]
[tasks.default]
needs = ["b", "c", "d"]
TOML
report run
report run c d

# An interrupted run: SIGINT while the tasks sleep.
"$TASKER" --json gather 'sleep 5' 'sleep 5' >"$tmp/interrupted.json" 2>/dev/null &
pid=$!
sleep 1
kill -INT "$pid"
wait "$pid" || true

files=$(ls "$tmp"/r*.json "$tmp"/f*.json "$tmp"/interrupted.json)
[ "$(echo "$files" | wc -l)" -ge 25 ] || fail "only $(echo "$files" | wc -l) reports were written"
# shellcheck disable=SC2086 # one argument per file
validate $files || fail "a report does not match the schema"
echo "$(echo "$files" | wc -l) reports match the schema"

# A field the schema does not know is an error: the schema constrains.
"$python" - "$tmp/r1.json" "$tmp/extra.json" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
report["tasks"][0]["surprise"] = 1
json.dump(report, open(sys.argv[2], "w"))
PY
if validate "$tmp/extra.json" 2>/dev/null; then
  fail "the schema accepts a task with an unknown field"
fi
