#!/usr/bin/env bash
# Benchmarks the pictures of a run: `tasker report big.json --html out.html` on the report of
# 10 000 tasks (targets: at most 200 ms, a page of at most 3 MB), and the Markdown summary of
# the same report. Prints hyperfine's table and the page's size. See bench/README.md.
#
#   bench/render.sh                       build the release tasker, then measure
#   TASKER=path/to/tasker bench/render.sh measure that binary instead
#   BENCH_TASKS=50000 bench/render.sh     another number of tasks
#
# The report is made up by a script (a `gather -j 8` of 10 000 tasks: queue waits, a few
# failures, the run firing on the first, the rest cancelled or never started) so that the
# numbers do not depend on a real run of 10 000 processes.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
tasks=${BENCH_TASKS:-10000}
work=$(mktemp -d "${TMPDIR:-/tmp}/tasker-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT

for tool in hyperfine python3; do
  command -v "$tool" >/dev/null 2>&1 || {
    echo "bench: missing: $tool (apt-get install -y hyperfine python3)" >&2
    exit 1
  }
done

if [ -z "${TASKER:-}" ]; then
  [ -f build/release/CMakeCache.txt ] || cmake --preset release >/dev/null
  echo "bench: building tasker (release preset)" >&2
  cmake --build --preset release --target tasker >/dev/null
  TASKER=$root/build/release/cli/tasker
fi

python3 - "$tasks" >"$work/big.json" <<'PY'
import json, random, sys
n = int(sys.argv[1])
random.seed(1)
jobs, slots, tasks = 8, [0.0] * 8, []
fire_at, fire_index = None, None
for i in range(n):
    slot = min(range(jobs), key=lambda s: slots[s])
    start = slots[slot] + 0.2
    duration = random.uniform(5, 400)
    failed = i > n // 2 and random.random() < 0.002
    if fire_at is not None and start > fire_at:
        tasks.append({"index": i, "name": f"task-{i}", "command": f"./check --shard {i}",
                      "state": "not_started", "exit_code": None, "signal": None,
                      "core_dumped": False, "status": None, "unhandled": False,
                      "started_ms": None, "duration_ms": None, "attempts": 0})
        continue
    tasks.append({"index": i, "name": f"task-{i}", "command": f"./check --shard {i}",
                  "state": "failed" if failed else "succeeded", "exit_code": 1 if failed else 0,
                  "signal": None, "core_dumped": False, "status": 1 if failed else 0,
                  "unhandled": failed, "started_ms": round(start, 1),
                  "duration_ms": round(duration, 1), "attempts": 1})
    slots[slot] = start + duration
    if failed and fire_at is None:
        fire_at, fire_index = start + duration, i
end = max(t["started_ms"] + t["duration_ms"] for t in tasks if t["started_ms"] is not None)
json.dump({"tasker": "0.1.0", "schema_version": 1, "command": "gather",
           "started_at": "2026-01-01T00:00:00.000Z", "hostname": "bench",
           "options": {"fire_on_one_callback": False, "fire_on_one_errback": True,
                       "consume_errors": False, "jobs": jobs, "timeout_ms": None},
           "fired": "errback", "fire_index": fire_index, "exit_code": 1,
           "duration_ms": round(end, 1), "interrupted": None, "tasks": tasks}, sys.stdout,
          indent=2)
PY

echo "bench: $TASKER on a report of $tasks tasks ($(stat -c %s "$work/big.json") bytes)"
cd "$work"
hyperfine --warmup 2 --min-runs 10 \
  "$TASKER report big.json --html out.html" \
  "$TASKER report big.json --markdown"
bytes=$(stat -c %s out.html)
echo "bench: the page is $bytes bytes ($((bytes / 1024)) KiB; target: at most 3 MB)"
