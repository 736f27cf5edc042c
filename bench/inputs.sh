#!/usr/bin/env bash
# Many inputs: one template (`true`) over many inputs at -j 8, one task each. Two parts:
#  (i) time per task: BENCH_TIME_INPUTS inputs (default 2000), in interleaved rounds, side by
#      side with two spawn floors, `xargs -P 8 -n1` and `parallel -j 8`; medians and ratios;
# (ii) memory: BENCH_INPUTS inputs (default 100 000) from stdin, tasker alone, with and without
#      `--report` and `--joblog`: wall time and peak RSS (/usr/bin/time -f %M).
# See bench/README.md.
#
#   bench/inputs.sh                      the full run (about 15 minutes on 2 cores)
#   BENCH_QUICK=1 bench/inputs.sh        fewer rounds and inputs: a smoke run
#   TASKER=path/to/tasker bench/inputs.sh   measure that binary instead of building one
#
# The table goes to stdout and, as Markdown, to build/bench/inputs.md.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
quick=${BENCH_QUICK:-0}
pick() { if [ "$quick" = 1 ]; then echo "$2"; else echo "$1"; fi; }
time_inputs=${BENCH_TIME_INPUTS:-$(pick 2000 200)}
memory_inputs=${BENCH_INPUTS:-$(pick 100000 2000)}
jobs=8
out_dir=$root/build/bench
mkdir -p "$out_dir"
work=$(mktemp -d "${TMPDIR:-/tmp}/tasker-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
say() { printf '%s\n' "bench: $*" >&2; }

missing=()
for tool in hyperfine parallel xargs awk c++; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
[ -x /usr/bin/time ] || missing+=(/usr/bin/time)
if [ ${#missing[@]} -gt 0 ]; then
  say "missing: ${missing[*]} (apt-get install -y hyperfine parallel time g++)"
  exit 1
fi

if [ -z "${TASKER:-}" ]; then
  [ -f build/release/CMakeCache.txt ] || cmake --preset release >/dev/null
  say "building tasker (release preset)"
  cmake --build --preset release --target tasker >/dev/null
  TASKER=$root/build/release/cli/tasker
fi
if [ ! -x "$out_dir/spawn_floor" ] || [ bench/spawn_floor.cpp -nt "$out_dir/spawn_floor" ]; then
  c++ -O2 -std=c++20 -Wall -Wextra -Wl,--as-needed -o "$out_dir/spawn_floor" bench/spawn_floor.cpp
fi
floor=$out_dir/spawn_floor
# parallel asks once for a citation: a HOME of our own for its ~/.parallel.
mkdir -p "$work/home"

# shellcheck source=bench/rounds.sh
. "$root/bench/rounds.sh"

# ---- (i) time per task ---------------------------------------------------------------------------

seq "$time_inputs" >"$work/inputs"
r=$(pick 5 2)
quiet=(-q --output quiet)
say "(i) $time_inputs inputs of true at -j $jobs, $r rounds"
# Every command reads the inputs from stdin, through hyperfine's shell (the same for all).
rounds "$r" \
  "floor" "$floor $time_inputs $jobs true" \
  "floor-input" "$floor - $jobs true <$work/inputs" \
  "tasker" "$TASKER ${quiet[*]} gather -j $jobs --no-progress true --args - <$work/inputs" \
  "tasker-joblog" "rm -f $work/jl; $TASKER ${quiet[*]} gather -j $jobs --no-progress \
--joblog $work/jl true --args - <$work/inputs" \
  "tasker-both" "rm -f $work/jl; $TASKER ${quiet[*]} --report $work/r.json gather -j $jobs \
--no-progress --joblog $work/jl true --args - <$work/inputs" \
  "xargs" "xargs -P $jobs -n1 true <$work/inputs" \
  "parallel" "HOME=$work/home parallel --will-cite -j $jobs true <$work/inputs"
ms() { awk -v s="$1" 'BEGIN { printf "%.0f", s * 1000 }'; }
us() { awk -v s="$1" -v n="$time_inputs" 'BEGIN { printf "%.0f", s * 1e6 / n }'; }
sec="i: $time_inputs x true, -j $jobs"
f=${median[floor-input]}
row "$sec" "spawn floor, true with no argument" "$(ms "${median[floor]}")" ms "floor" \
  "$(ratio "${median[floor]}" "$f")"
row "$sec" "spawn floor, input appended (the floor)" "$(ms "$f")" ms "floor" 1.00
row "$sec" "tasker gather true --args -" "$(ms "${median[tasker]}")" ms "floor" \
  "$(ratio "${median[tasker]}" "$f")"
row "$sec" "the same, --joblog FILE" "$(ms "${median[tasker-joblog]}")" ms "tasker" \
  "$(ratio "${median[tasker-joblog]}" "${median[tasker]}")"
row "$sec" "the same, --report FILE --joblog FILE" "$(ms "${median[tasker-both]}")" ms "tasker" \
  "$(ratio "${median[tasker-both]}" "${median[tasker]}")"
row "$sec" "xargs -P $jobs -n1 true" "$(ms "${median[xargs]}")" ms "floor" \
  "$(ratio "${median[xargs]}" "$f")"
row "$sec" "parallel -j $jobs true" "$(ms "${median[parallel]}")" ms "floor" \
  "$(ratio "${median[parallel]}" "$f")"
row "$sec" "per task: floor / tasker" "$(us "$f") / $(us "${median[tasker]}")" us - -

# ---- (ii) memory ---------------------------------------------------------------------------------

seq "$memory_inputs" >"$work/inputs"
say "(ii) $memory_inputs inputs of true from stdin at -j $jobs, once each"
# measure NAME COMMAND...: runs it once with the inputs on stdin; adds a row.
measure() {
  local name=$1
  shift
  rm -f "$work/jl"
  if ! /usr/bin/time -o "$work/time" -f '%e %M' "$@" <"$work/inputs" >/dev/null \
    2>"$work/err"; then
    say "$name failed:"
    cat "$work/err" >&2
    exit 1
  fi
  read -r seconds rss_kb <"$work/time"
  row "ii: $memory_inputs x true, -j $jobs" "$name: wall / peak RSS" \
    "$seconds s / $(awk -v k="$rss_kb" 'BEGIN { printf "%.1f", k / 1024 }')" "MiB" "32 MiB" \
    "$(awk -v k="$rss_kb" 'BEGIN { printf "%.2f", k / 32768 }')"
}
measure "tasker gather true --args -" "$TASKER" "${quiet[@]}" gather -j "$jobs" --no-progress \
  true --args -
measure "the same, --report FILE --joblog FILE" "$TASKER" "${quiet[@]}" --report "$work/r.json" \
  gather -j "$jobs" --no-progress --joblog "$work/jl" true --args -

# ---- the table --------------------------------------------------------------------------------

print_table "$out_dir/inputs.md"
say "table written to $out_dir/inputs.md"
