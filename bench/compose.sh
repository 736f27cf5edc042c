#!/usr/bin/env bash
# Benchmarks composition (docs/behaviour.md "Chains" and "Task files"): how long a chain takes
# from one step's exit to the next step's start, and how long parsing and planning a task file
# of 10 000 tasks takes and how much memory it needs. Prints one table of medians and ratios. See bench/README.md.
#
#   bench/compose.sh                   the full run (about a minute on 2 cores)
#   BENCH_QUICK=1 bench/compose.sh     fewer rounds: a smoke run
#   TASKER=path/to/tasker bench/compose.sh   measure that binary instead of building one
#
# The table goes to stdout and, as Markdown, to build/bench/compose.md.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
quick=${BENCH_QUICK:-0}
out_dir=$root/build/bench
mkdir -p "$out_dir"
work=$(mktemp -d "${TMPDIR:-/tmp}/tasker-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT

pick() { if [ "$quick" = 1 ]; then echo "$2"; else echo "$1"; fi; }
say() { printf '%s\n' "bench: $*" >&2; }

missing=()
for tool in hyperfine awk c++ cmake python3; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
[ -x /usr/bin/time ] || missing+=(/usr/bin/time)
if [ ${#missing[@]} -gt 0 ]; then
  echo "bench: missing: ${missing[*]} (apt-get install -y hyperfine time g++ cmake python3)" >&2
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
spawn_floor=$out_dir/spawn_floor
if [ ! -x "$out_dir/toml_floor" ] || [ bench/toml_floor.cpp -nt "$out_dir/toml_floor" ]; then
  c++ -O2 -std=c++20 -Wall -Wextra -o "$out_dir/toml_floor" bench/toml_floor.cpp
fi
toml_floor=$out_dir/toml_floor

# shellcheck source=bench/rounds.sh
. "$root/bench/rounds.sh"
rounds_options=(-N)

ms() { awk -v s="$1" 'BEGIN { printf "%.2f", s * 1000 }'; }

# ---- (g) a chain step's exit to the next step's start --------------------------------------------

n=200
r=$(pick 11 3)
true_path=$(type -P true)
chain_args=(true)
shell_line=$true_path
for ((i = 1; i < n; i++)); do
  chain_args+=(--then true)
  shell_line+="; $true_path"
done
printf '%s\n' "$shell_line" >"$work/floor.sh"
# hyperfine -N takes one command line: the chain's words are all plain, so spaces join them.
say "(g) a chain of $n steps, $r rounds"
rounds "$r" \
  "spawn-floor" "$spawn_floor $n 1 $true_path" \
  "sh-floor" "sh $work/floor.sh" \
  "tasker-1" "$TASKER -q chain true" \
  "tasker" "$TASKER -q chain ${chain_args[*]}" \
  "tasker-sh" "$TASKER -q --shell always chain ${chain_args[*]}"
per_step() { awk -v t="$1" -v o="$2" -v n="$n" 'BEGIN { printf "%.3f", (t - o) / n * 1000 }'; }
sec="g: chain of $n x true"
f=${median[sh-floor]}
row "$sec" "sh running $n $true_path in sequence" "$(ms "$f")" ms "sh" 1.00
row "$sec" "posix_spawn floor, one at a time" "$(ms "${median[spawn-floor]}")" ms sh \
  "$(ratio "${median[spawn-floor]}" "$f")"
row "$sec" "tasker chain" "$(ms "${median[tasker]}")" ms sh "$(ratio "${median[tasker]}" "$f")"
row "$sec" "tasker --shell always chain" "$(ms "${median[tasker-sh]}")" ms sh \
  "$(ratio "${median[tasker-sh]}" "$f")"
row "$sec" "per step, tasker chain (total / $n)" "$(per_step "${median[tasker]}" 0)" ms \
  "sh per step" "$(ratio "${median[tasker]}" "$f")"
row "$sec" "per step, tasker after its start-up (total - 1-step chain) / $n" \
  "$(per_step "${median[tasker]}" "${median[tasker-1]}")" ms - -
row "$sec" "per step, sh" "$(per_step "$f" 0)" ms - -

# The gap itself, from the report: each level's start minus the end of the step before it.
"$TASKER" -q --report "$work/chain.json" chain "${chain_args[@]}"
gap=$(python3 - "$work/chain.json" <<'EOF'
import json, statistics, sys
j = json.load(open(sys.argv[1]))
steps = [j["cmd"]] + j["levels"]
gaps = [b["started_ms"] - (a["started_ms"] + a["duration_ms"]) for a, b in zip(steps, steps[1:])]
print(f"{statistics.median(gaps):.3f} {max(gaps):.3f}")
EOF
)
row "$sec" "exit to next start, from the report: median" "${gap% *}" ms - -
row "$sec" "exit to next start, from the report: max" "${gap#* }" ms - -

# ---- (h) parse and plan a task file of 10 000 tasks -------------------------------------------

tasks=10000
r=$(pick 11 3)
# 1 shared setup, 1000 groups of 8 or 9 leaves; every leaf needs setup and has a then and a
# catch; `default` gathers the groups.
python3 - "$work/big.toml" "$tasks" <<'EOF'
import sys
path, total = sys.argv[1], int(sys.argv[2])
groups = 1000
leaves = total - groups - 1
with open(path, "w") as out:
    out.write('[tasks.setup]\ndesc = "shared by every leaf"\nrun = "true"\n\n')
    members = [[] for _ in range(groups)]
    for i in range(leaves):
        name = f"leaf{i}"
        members[i % groups].append(name)
        out.write(f'[tasks.{name}]\nneeds = ["setup"]\nrun = "echo {i}"\n'
                  f'then = "true"\ncatch = "echo failed $TASKER_STATUS"\ntimeout = "1m"\n\n')
    for g in range(groups):
        names = ", ".join(f'"{m}"' for m in members[g])
        out.write(f'[tasks.group{g}]\ngather = [{names}]\njobs = 4\n\n')
    names = ", ".join(f'"group{g}"' for g in range(groups))
    out.write(f'[tasks.default]\ndesc = "everything"\ngather = [{names}]\n')
EOF
size=$(wc -c <"$work/big.toml")
say "(h) a task file of $tasks tasks ($size bytes), $r rounds"
rounds "$r" \
  "list" "$TASKER run -f $work/big.toml --list" \
  "dry-run" "$TASKER run -f $work/big.toml --dry-run default" \
  "toml-floor" "$toml_floor $work/big.toml" \
  "version" "$TASKER --version"
rss() {
  /usr/bin/time -v "$@" 2>&1 >/dev/null | awk -F': ' '/Maximum resident/ { print $2 }'
}
list_rss=$(rss "$TASKER" run -f "$work/big.toml" --list)
dry_rss=$(rss "$TASKER" run -f "$work/big.toml" --dry-run default)
version_rss=$(rss "$TASKER" --version)
floor_rss=$(rss "$toml_floor" "$work/big.toml")
sec="h: task file, $tasks tasks"
row "$sec" "tasker --version (start-up)" "$(ms "${median[version]}")" ms - -
row "$sec" "toml++ parse alone (bench/toml_floor: the floor)" "$(ms "${median[toml-floor]}")" ms \
  "50 ms" "$(ratio "${median[toml-floor]}" 0.050)"
row "$sec" "tasker run --list" "$(ms "${median[list]}")" ms "50 ms" \
  "$(ratio "${median[list]}" 0.050)"
row "$sec" "tasker run --dry-run default (whole tree)" "$(ms "${median[dry-run]}")" ms "50 ms" \
  "$(ratio "${median[dry-run]}" 0.050)"
mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
row "$sec" "max RSS, --version" "$(mib "$version_rss")" MiB - -
row "$sec" "max RSS, toml++ parse alone" "$(mib "$floor_rss")" MiB - -
row "$sec" "max RSS, run --list" "$(mib "$list_rss")" MiB "32 MiB" \
  "$(awk -v k="$list_rss" 'BEGIN { printf "%.2f", k / 32768 }')"
row "$sec" "max RSS, run --dry-run default" "$(mib "$dry_rss")" MiB "32 MiB" \
  "$(awk -v k="$dry_rss" 'BEGIN { printf "%.2f", k / 32768 }')"

# ---- the table --------------------------------------------------------------------------------

print_table "$out_dir/compose.md"
say "table written to $out_dir/compose.md"
