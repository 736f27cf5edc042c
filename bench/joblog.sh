#!/usr/bin/env bash
# What --joblog costs: the same 2000 `true` tasks at -j 8, with and without a job log, timed
# side by side in interleaved rounds (bench/rounds.sh); the target is at most 5% more time.
#
#   bench/joblog.sh                    the full run (11 rounds)
#   BENCH_QUICK=1 bench/joblog.sh      3 rounds: a smoke run
#   TASKER=path/to/tasker bench/joblog.sh   measure that binary instead of building one
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
quick=${BENCH_QUICK:-0}
work=$(mktemp -d "${TMPDIR:-/tmp}/tasker-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
command -v hyperfine >/dev/null || { echo "bench: missing: hyperfine" >&2; exit 1; }

if [ -z "${TASKER:-}" ]; then
  [ -f build/release/CMakeCache.txt ] || cmake --preset release >/dev/null
  echo "bench: building tasker (release preset)" >&2
  cmake --build --preset release --target tasker >/dev/null
  TASKER=$root/build/release/cli/tasker
fi

tasks=2000
rounds_n=$([ "$quick" = 1 ] && echo 3 || echo 11)
awk -v n="$tasks" 'BEGIN { for (i = 0; i < n; i++) print "true" }' >"$work/cmds"
. "$root/bench/rounds.sh"

rounds "$rounds_n" \
  "without" "$TASKER -q gather -j 8 --from $work/cmds" \
  "joblog" "$TASKER -q gather -j 8 --from $work/cmds --joblog $work/log"

lines=$(($(wc -l <"$work/log") - 1))
[ "$lines" = "$tasks" ] || { echo "bench: the job log has $lines lines, not $tasks" >&2; exit 1; }
printf '%-28s %10s\n' "$tasks x true, -j 8" "median s"
printf '%-28s %10.3f\n' "without --joblog" "${median[without]}"
printf '%-28s %10.3f\n' "with --joblog" "${median[joblog]}"
printf '%-28s %10s\n' "ratio (target <= 1.05)" "$(ratio "${median[joblog]}" "${median[without]}")"
