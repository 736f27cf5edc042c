#!/usr/bin/env bash
# Many inputs: N inputs (default 100 000) of `true` read from stdin at -j 8, one task each, side
# by side with the spawn floor, `xargs -P 8 -n1` and `parallel -j 8`. Prints wall time, time per
# task and peak RSS (/usr/bin/time -f %M) for each. See bench/README.md.
#
#   bench/inputs.sh                      100 000 inputs, one round
#   BENCH_INPUTS=20000 bench/inputs.sh   fewer
#   TASKER=path/to/tasker bench/inputs.sh   measure that binary instead of building one
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
n=${BENCH_INPUTS:-100000}
jobs=8
out_dir=$root/build/bench
mkdir -p "$out_dir"
work=$(mktemp -d "${TMPDIR:-/tmp}/tasker-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
say() { printf '%s\n' "bench: $*" >&2; }

for tool in parallel xargs awk c++; do
  command -v "$tool" >/dev/null 2>&1 || { say "missing: $tool"; exit 1; }
done
[ -x /usr/bin/time ] || { say "missing: /usr/bin/time (apt-get install -y time)"; exit 1; }

if [ -z "${TASKER:-}" ]; then
  [ -f build/release/CMakeCache.txt ] || cmake --preset release >/dev/null
  say "building tasker (release preset)"
  cmake --build --preset release --target tasker >/dev/null
  TASKER=$root/build/release/cli/tasker
fi
if [ ! -x "$out_dir/spawn_floor" ] || [ bench/spawn_floor.cpp -nt "$out_dir/spawn_floor" ]; then
  c++ -O2 -std=c++20 -Wall -Wextra -Wl,--as-needed -o "$out_dir/spawn_floor" bench/spawn_floor.cpp
fi

# The inputs: N lines, a file given on stdin to each tool (the floor takes the count).
seq "$n" >"$work/inputs"
# parallel asks once for a citation: a HOME of our own for its ~/.parallel.
mkdir -p "$work/home"

# measure NAME COMMAND...: runs it once with stdin from the inputs; prints a row.
measure() {
  local name=$1
  shift
  if ! HOME=$work/home /usr/bin/time -o "$work/time" -f '%e %M' "$@" <"$work/inputs" \
    >/dev/null 2>"$work/err"; then
    say "$name failed:"
    cat "$work/err" >&2
    exit 1
  fi
  read -r seconds rss_kb <"$work/time"
  awk -v name="$name" -v s="$seconds" -v kb="$rss_kb" -v n="$n" 'BEGIN {
    printf "| %-26s | %8.2f s | %8.1f us | %8.1f MiB |\n", name, s, s * 1e6 / n, kb / 1024 }'
}

say "$n inputs of true at -j $jobs"
printf '| %-26s | %10s | %11s | %12s |\n' "runner" "wall" "per task" "peak RSS"
printf '|%s|%s|%s|%s|\n' "----------------------------" "------------" "-------------" \
  "--------------"
measure "spawn floor" "$out_dir/spawn_floor" "$n" "$jobs"
measure "tasker gather --args -" "$TASKER" -q --output quiet gather -j "$jobs" true --args -
measure "the same, --report FILE" "$TASKER" -q --output quiet --report "$work/report.json" \
  gather -j "$jobs" true --args -
rm -f "$work/joblog"
measure "the same, --joblog FILE" "$TASKER" -q --output quiet gather -j "$jobs" \
  --joblog "$work/joblog" true --args -
measure "xargs -P 8 -n1" xargs -P "$jobs" -n1 true
measure "parallel -j 8" parallel --will-cite -j "$jobs" true
