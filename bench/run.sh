#!/usr/bin/env bash
# Benchmarks tasker against the floor (what the kernel allows) and its peers, side by side in
# one run, and prints one table of medians and ratios. See bench/README.md.
#
#   bench/run.sh                 the full run (about 5 to 8 minutes on 2 cores)
#   BENCH_QUICK=1 bench/run.sh   small sizes, one or two rounds: a smoke run (under a minute)
#   BENCH_ONLY="a e" bench/run.sh   only some sections (a b c d e f)
#   TASKER=path/to/tasker bench/run.sh   measure that binary instead of building one
#
# The table goes to stdout and, as Markdown, to build/bench/results.md.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
quick=${BENCH_QUICK:-0}
only=${BENCH_ONLY:-"a b c d e f"}
out_dir=$root/build/bench
mkdir -p "$out_dir"
work=$(mktemp -d "${TMPDIR:-/tmp}/tasker-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT

repeat_line() { awk -v line="$1" -v n="$2" 'BEGIN { for (i = 0; i < n; i++) print line }'; }
pick() { if [ "$quick" = 1 ]; then echo "$2"; else echo "$1"; fi; }
say() { printf '%s\n' "bench: $*" >&2; }
wants() { [[ " $only " == *" $1 "* ]]; }

# ---- tools -------------------------------------------------------------------------------------

missing=()
for tool in hyperfine parallel xargs awk c++ cmake script timeout pgrep; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
[ -x /usr/bin/time ] || missing+=(/usr/bin/time)
if [ ${#missing[@]} -gt 0 ]; then
  echo "bench: missing: ${missing[*]}" >&2
  echo "bench: on Debian/Ubuntu: apt-get install -y hyperfine parallel time g++ cmake bsdutils procps" >&2
  exit 1
fi
has_watch=0
if command -v watch >/dev/null 2>&1 && watch -h 2>&1 | grep -q -- '--precise'; then has_watch=1; fi

# ---- builds ------------------------------------------------------------------------------------

if [ -z "${TASKER:-}" ]; then
  # Only the tasker target: the test binary is not needed here and takes minutes to build.
  [ -f build/release/CMakeCache.txt ] || cmake --preset release >/dev/null
  say "building tasker (release preset)"
  cmake --build --preset release --target tasker >/dev/null
  TASKER=$root/build/release/cli/tasker
fi
for floor in spawn_floor pipe_floor; do
  if [ ! -x "$out_dir/$floor" ] || [ "bench/$floor.cpp" -nt "$out_dir/$floor" ]; then
    # --as-needed: spawn_floor uses no libstdc++, so it does not pay for loading it either.
    c++ -O2 -std=c++20 -Wall -Wextra -Wl,--as-needed -o "$out_dir/$floor" "bench/$floor.cpp"
  fi
done
spawn_floor=$out_dir/spawn_floor
pipe_floor=$out_dir/pipe_floor

# ---- measuring ---------------------------------------------------------------------------------

# shellcheck source=bench/rounds.sh
. "$root/bench/rounds.sh"
declare -A a        # (a): this -j level's medians

ms() { awk -v s="$1" 'BEGIN { printf "%.1f", s * 1000 }'; }

# ---- (a) per-task overhead ----------------------------------------------------------------------

if wants a; then
  n=$(pick 2000 300)
  r=$(pick 5 2)
  rp=$(pick 3 1)
  true_path=$(type -P true)  # the file, not the builtin
  repeat_line true "$n" >"$work/true.cmds"
  seq "$n" >"$work/nums"
  for j in 2 8; do
    say "(a) $n x true at -j$j"
    rounds "$r" \
      "floor" "$spawn_floor $n $j" \
      "floor-path" "$spawn_floor $n $j $true_path" \
      "tasker" "$TASKER gather -q -j $j --from $work/true.cmds" \
      "tasker-sh" "$TASKER gather -q -j $j --shell always --from $work/true.cmds" \
      "xargs" "xargs -P $j -n 1 true < $work/nums"
    for k in floor floor-path tasker tasker-sh xargs; do a[$k]=${median[$k]}; done
    rounds "$rp" "parallel" "parallel --will-cite -j $j true :::: $work/nums"
    a[parallel]=${median[parallel]}
    f=${a[floor]}
    row "a: $n x true -j$j" "posix_spawn floor (bench/spawn_floor)" "$(ms "$f")" ms floor 1.00
    row "a: $n x true -j$j" "posix_spawn floor, $true_path: no PATH search" \
      "$(ms "${a[floor-path]}")" ms floor "$(ratio "${a[floor-path]}" "$f")"
    row "a: $n x true -j$j" "tasker gather" "$(ms "${a[tasker]}")" ms floor "$(ratio "${a[tasker]}" "$f")"
    row "a: $n x true -j$j" "tasker gather --shell always" "$(ms "${a[tasker-sh]}")" ms floor "$(ratio "${a[tasker-sh]}" "$f")"
    row "a: $n x true -j$j" "xargs -P$j -n1" "$(ms "${a[xargs]}")" ms floor "$(ratio "${a[xargs]}" "$f")"
    row "a: $n x true -j$j" "GNU parallel -j$j" "$(ms "${a[parallel]}")" ms floor "$(ratio "${a[parallel]}" "$f")"
    row "a: $n x true -j$j" "tasker overhead per task" \
      "$(awk -v t="${a[tasker]}" -v f="$f" -v n="$n" 'BEGIN { printf "%.1f", (t - f) / n * 1e6 }')" \
      "us" "-" "-"
  done
fi

# ---- (b) throughput ----------------------------------------------------------------------------

if wants b; then
  bytes=$(pick 1073741824 67108864)
  r=$(pick 3 1)
  # 59 characters and a newline: about 18 million lines per GiB, so line splitting is exercised.
  line='the quick brown fox jumps over the lazy dog 0123456789 abcd'
  gen="yes '$line' | head -c $bytes"
  timed() { echo "/usr/bin/time -f %M -a -o $work/rss.$1"; }
  say "(b) $((bytes / 1048576)) MiB through one task, each output mode"
  rounds "$r" \
    "copy" "$gen | $(timed copy) $pipe_floor copy > /dev/null" \
    "lines" "$gen | $(timed lines) $pipe_floor lines > /dev/null" \
    "cat" "$gen | $(timed cat) cat > /dev/null" \
    "raw" "$(timed raw) $TASKER gather -q --output raw \"$gen\" > /dev/null" \
    "prefixed" "$(timed prefixed) $TASKER gather -q --output prefixed \"$gen\" > /dev/null" \
    "grouped" "$(timed grouped) $TASKER gather -q --output grouped \"$gen\" > /dev/null" \
    "quiet" "$(timed quiet) $TASKER gather -q --output quiet \"$gen\" > /dev/null"
  mbs() { awk -v b="$bytes" -v s="$1" 'BEGIN { printf "%.0f", b / 1e6 / s }'; }
  rss() { sort -n "$work/rss.$1" | tail -1 | awk '{ printf "%.1f MiB", $1 / 1024 }'; }
  sect="b: $((bytes / 1048576)) MiB, 60-byte lines"
  row "$sect" "one-pipe floor (pipe_floor copy), peak RSS $(rss copy)" "$(mbs "${median[copy]}")" MB/s copy 1.00
  row "$sect" "line-splitting floor (pipe_floor lines), peak RSS $(rss lines)" "$(mbs "${median[lines]}")" MB/s lines 1.00
  row "$sect" "cat, peak RSS $(rss cat)" "$(mbs "${median[cat]}")" MB/s copy "$(ratio "${median[copy]}" "${median[cat]}")"
  for mode in raw prefixed grouped quiet; do
    against=copy
    [ "$mode" = prefixed ] && against=lines
    row "$sect" "tasker --output $mode, peak RSS $(rss "$mode")" "$(mbs "${median[$mode]}")" MB/s \
      "$against" "$(ratio "${median[$against]}" "${median[$mode]}")"
  done
fi

# ---- (c) interleaving --------------------------------------------------------------------------

if wants c; then
  lines=$(pick 100000 20000)
  r=$(pick 5 2)
  cmds=()
  for i in 0 1 2 3 4 5 6 7; do cmds+=("seq -f 'task$i line %g end' $lines"); done
  printf '%s\n' "${cmds[@]}" >"$work/c.cmds"
  say "(c) 8 tasks x $lines lines"
  rounds "$r" \
    "tasker" "$TASKER gather -q --from $work/c.cmds > $work/c.tasker" \
    "xargs" "xargs -P 8 -d '\n' -n 1 sh -c < $work/c.cmds > $work/c.xargs" \
    "parallel" "parallel --will-cite -j 8 --line-buffer < $work/c.cmds > $work/c.parallel"
  # A line is whole when it is exactly what one task printed, under that task's own label.
  torn() {
    awk -v prefixed="$2" '{
      ok = prefixed ? ($0 ~ /^#[0-7] \| task[0-7] line [0-9]+ end$/ && substr($0, 2, 1) == substr($0, 10, 1)) \
                    : ($0 ~ /^task[0-7] line [0-9]+ end$/)
      if (!ok) bad++
    } END { printf "%d of %d lines", bad, NR }' "$1"
  }
  sect="c: 8 x $lines lines"
  row "$sect" "tasker gather (torn: $(torn "$work/c.tasker" 1))" "$(ms "${median[tasker]}")" ms tasker 1.00
  row "$sect" "xargs -P8 (torn: $(torn "$work/c.xargs" 0))" "$(ms "${median[xargs]}")" ms tasker \
    "$(ratio "${median[xargs]}" "${median[tasker]}")"
  row "$sect" "GNU parallel -j8 --line-buffer (torn: $(torn "$work/c.parallel" 0))" \
    "$(ms "${median[parallel]}")" ms tasker "$(ratio "${median[parallel]}" "${median[tasker]}")"
fi

# ---- (d) tick accuracy -------------------------------------------------------------------------

if wants d; then
  count=$(pick 100 20)
  say "(d) every 100ms x $count"
  "$TASKER" every 100ms --count "$count" --json -- true >"$work/every.json" 2>/dev/null
  # started_ms - scheduled_ms of every run, from the JSON report (one key per line).
  read -r mean_err max_err drift < <(awk -F': ' '
    /"scheduled_ms"/ { s = $2 + 0 }
    /"started_ms"/ { e = ($2 + 0) - s; sum += e; if (e > max) max = e; n++; last = e }
    END { printf "%.2f %.2f %.2f\n", sum / n, max, last }' "$work/every.json")
  sect="d: every 100ms x $count"
  row "$sect" "tasker, from --json: mean / max tick error, drift at the end" \
    "$mean_err / $max_err / $drift" ms - -
  # The same command in both, timestamping itself: its error against start + n x 100ms.
  stamp="date +%s%N >> $work/ts"
  # The error of run n is its timestamp minus (n x 100 ms + the median of those offsets): the
  # grid that fits best, so a slow first start (a cold cache) does not shift every other run.
  # Drift: the mean offset of the last ten runs minus that of the first ten.
  tick_error() {
    local offsets mid
    offsets=$(head -n "$count" "$1" | awk 'NR == 1 { t0 = $1 }
      { printf "%.3f\n", ($1 - t0) / 1e6 - (NR - 1) * 100 }')
    mid=$(median_of <<<"$offsets")
    awk -v mid="$mid" '{ off[NR] = $1 }
      END {
        k = NR < 20 ? int(NR / 2) : 10
        for (i = 1; i <= NR; i++) {
          e = off[i] - mid; a = e < 0 ? -e : e; sum += a; if (a > max) max = a
          if (i <= k) first += off[i]; if (i > NR - k) last += off[i]
        }
        printf "%.2f / %.2f / %.2f", sum / NR, max, (last - first) / k
      }' <<<"$offsets"
  }
  "$TASKER" every 100ms --count "$count" -q -- "$stamp.tasker" >/dev/null 2>&1
  row "$sect" "tasker, command's own timestamps: mean / max abs error, drift" \
    "$(tick_error "$work/ts.tasker")" ms - -
  if [ "$has_watch" = 1 ]; then
    # watch needs a terminal: script(1) gives it one. It runs until the timeout stops it.
    timeout "$(awk -v c="$count" 'BEGIN { print c * 0.1 + 0.15 }')" \
      script -qec "watch -p -n 0.1 -x sh -c '$stamp.watch'" /dev/null >/dev/null 2>&1 || true
    row "$sect" "watch -p -n 0.1, same timestamps: mean / max abs error, drift" \
      "$(tick_error "$work/ts.watch")" ms - -
  else
    row "$sect" "watch -p: not measured (procps watch with --precise not found)" - - - -
  fi
fi

# ---- (e) start-up ------------------------------------------------------------------------------

if wants e; then
  r=$(pick 200 30)
  say "(e) start-up of one task"
  hyperfine -N --style none --warmup 10 --runs "$r" --export-csv "$work/e.csv" \
    --command-name floor "$spawn_floor 1 1" \
    --command-name sh "sh -c true" \
    --command-name tasker "$TASKER gather -q true" >/dev/null 2>&1
  while IFS=, read -r name _ _ med _; do median[$name]=$med; done < <(tail -n +2 "$work/e.csv")
  sect="e: one task, start to end"
  row "$sect" "posix_spawn floor: spawn_floor 1 1" "$(ms "${median[floor]}")" ms floor 1.00
  row "$sect" "sh -c true" "$(ms "${median[sh]}")" ms floor "$(ratio "${median[sh]}" "${median[floor]}")"
  row "$sect" "tasker gather -q true" "$(ms "${median[tasker]}")" ms floor \
    "$(ratio "${median[tasker]}" "${median[floor]}")"
fi

# ---- (f) scale ---------------------------------------------------------------------------------

if wants f; then
  big=$(pick 10000 1000)
  small=$((big / 10))
  # run_sampled N: peak RSS (KiB, from /usr/bin/time) and most open fds (sampled) of tasker
  # running N `true` at -j2.
  run_sampled() {
    repeat_line true "$1" >"$work/f.cmds"
    /usr/bin/time -f %M -o "$work/f.rss" "$TASKER" gather -q -j 2 --from "$work/f.cmds" &
    local timer=$! pid="" fds max_fds=0
    while [ -z "$pid" ] && kill -0 "$timer" 2>/dev/null; do
      pid=$(pgrep -P "$timer" -n || true)
    done
    while [ -n "$pid" ] && [ -d "/proc/$pid/fd" ]; do
      fds=(/proc/"$pid"/fd/*)
      [ ${#fds[@]} -gt "$max_fds" ] && max_fds=${#fds[@]}
      sleep 0.02
    done
    wait "$timer"
    echo "$(cat "$work/f.rss") $max_fds"
  }
  say "(f) $small and $big tasks via --from at -j2"
  read -r rss_small fds_small < <(run_sampled "$small")
  read -r rss_big fds_big < <(run_sampled "$big")
  sect="f: --from, -j2"
  row "$sect" "peak RSS, $small tasks" "$(awk -v k="$rss_small" 'BEGIN { printf "%.1f", k / 1024 }')" MiB - -
  row "$sect" "peak RSS, $big tasks" "$(awk -v k="$rss_big" 'BEGIN { printf "%.1f", k / 1024 }')" MiB \
    "$small tasks" "$(ratio "$rss_big" "$rss_small")"
  row "$sect" "most open fds, $small / $big tasks (sampled every 20ms)" "$fds_small / $fds_big" fds - -
fi

# ---- the table ---------------------------------------------------------------------------------

{
  echo "| benchmark | what | median | unit | against | ratio |"
  echo "|---|---|---:|---|---|---:|"
  for r in "${rows[@]}"; do echo "| ${r//|/ | } |"; done
} >"$out_dir/results.md"

printf '%s\n' "${rows[@]}" | awk -F'|' '
  { for (i = 1; i <= NF; i++) { cell[NR, i] = $i; if (length($i) > w[i]) w[i] = length($i) } }
  END {
    for (r = 1; r <= NR; r++) {
      line = ""
      for (i = 1; i <= 6; i++) line = line sprintf(i == 3 || i == 6 ? "%*s  " : "%-*s  ", w[i], cell[r, i])
      print line
    }
  }'
say "ratio: time / the floor's time in (a), (e), (f: RSS); in (b) MB/s / the floor's MB/s; in (c) time / tasker's"
say "table also in build/bench/results.md"
