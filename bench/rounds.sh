# Sourced by bench/run.sh and bench/compose.sh: commands timed side by side, in rounds, and
# the rows of the table they print.
# Needs $work, a scratch folder, from the caller.

declare -A median   # name -> median seconds
declare -A samples  # name -> space-separated seconds
# Extra hyperfine options for every round (compose.sh: -N, no shell in between).
rounds_options=()

median_of() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{v[NR]=$1} END {
  if (NR == 0) { print "nan"; exit }
  print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# rounds ROUNDS NAME COMMAND [NAME COMMAND ...]: every round runs each command once, in turn,
# so that a noisy neighbour slows all of them alike; median[NAME] is the median over rounds.
rounds() {
  local n=$1 round i
  shift
  local -a names=() args=()
  while [ $# -gt 0 ]; do
    names+=("$1")
    args+=(--command-name "$1" "$2")
    samples[$1]=""
    shift 2
  done
  for ((round = 1; round <= n; round++)); do
    hyperfine --style none --runs 1 "${rounds_options[@]}" --export-csv "$work/hf.csv" \
      "${args[@]}" >/dev/null 2>&1 || {
      echo "bench: a command failed; rerun it by hand:" >&2
      printf '  %s\n' "${args[@]}" | grep -v -- '--command-name' >&2
      exit 1
    }
    while IFS=, read -r name _ _ med _; do
      samples[$name]+=" $med"
    done < <(tail -n +2 "$work/hf.csv")
  done
  for i in "${names[@]}"; do median[$i]=$(median_of <<<"${samples[$i]}"); done
}

# The table's rows, and ratios of two medians.
rows=()  # section|what|value|unit|against|ratio
row() { rows+=("$1|$2|$3|$4|$5|$6"); }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }

# print_table FILE: the rows as a table on stdout, and as Markdown in FILE.
print_table() {
  local line s w v u ag ra
  {
    echo "| section | what | median | unit | against | ratio |"
    echo "|---|---|---:|---|---|---:|"
    for line in "${rows[@]}"; do
      IFS='|' read -r s w v u ag ra <<<"$line"
      echo "| $s | $w | $v | $u | $ag | $ra |"
    done
  } >"$1"
  column -t -s '|' < <(for line in "${rows[@]}"; do echo "$line"; done)
}
