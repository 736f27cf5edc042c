#!/usr/bin/env bash
# Soak (docs/behaviour.md "Bounded memory"): 10 000 tasks through gather -j 8, and 10 000 `every 0` runs,
# plain and with --json capturing 2 KB a run, watching tasker's resident memory and open file
# descriptors as it runs. Memory and descriptors must stay flat: the last quarter of the run may
# not hold much more than the first (a leak of a few hundred bytes a task shows as megabytes).
# tests/e2e/soak_test.cpp is the CI-sized version of this.
#
#   bench/soak.sh                  10 000 of each (a few minutes on 2 cores)
#   SOAK_N=100000 bench/soak.sh    longer
#   TASKER=path/to/tasker bench/soak.sh   that binary instead of the release build
#
# Prints one line per scenario: runs, seconds, peak RSS (VmHWM), RSS in the first and last
# quarter, the most descriptors seen; exits 1 if one grew.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
n=${SOAK_N:-10000}
work=$(mktemp -d "${TMPDIR:-/tmp}/tasker-soak.XXXXXX")
trap 'rm -rf "$work"' EXIT

if [ -z "${TASKER:-}" ]; then
  [ -f build/release/CMakeCache.txt ] || cmake --preset release >/dev/null
  cmake --build --preset release --target tasker >/dev/null
  TASKER=$root/build/release/cli/tasker
fi

awk -v n="$n" 'BEGIN { for (i = 0; i < n; i++) print "true" }' >"$work/true.cmds"

# status_kb PID FIELD: a /proc/PID/status field in kB, empty once the process is gone.
status_kb() { awk -v f="$2:" '$1 == f { print $2 }' "/proc/$1/status" 2>/dev/null || true; }

failed=0
# soak NAME ARGS...: runs tasker, samples it every 50 ms, prints the figures.
soak() {
  local name=$1
  shift
  local samples=$work/$name.samples
  : >"$samples"
  local start=$SECONDS
  "$TASKER" "$@" >/dev/null 2>"$work/$name.err" &
  local pid=$! hwm=0
  while kill -0 "$pid" 2>/dev/null; do
    local rss fds h
    rss=$(status_kb "$pid" VmRSS)
    h=$(status_kb "$pid" VmHWM)
    fds=$(ls "/proc/$pid/fd" 2>/dev/null | wc -l || true)
    [ -n "$rss" ] && echo "$rss $fds" >>"$samples"
    [ -n "$h" ] && hwm=$h
    sleep 0.05
  done
  local status=0
  wait "$pid" || status=$?
  local seconds=$((SECONDS - start))
  # RSS: the largest sample of the first and of the last quarter; descriptors: the largest.
  read -r first last fds_max count < <(awk '
    { rss[NR] = $1; if ($2 > fds) fds = $2 }
    END {
      q = int(NR / 4); if (q < 1) q = 1
      for (i = 1; i <= q; i++) if (rss[i] > a) a = rss[i]
      for (i = NR - q + 1; i <= NR; i++) if (rss[i] > b) b = rss[i]
      print a + 0, b + 0, fds + 0, NR
    }' "$samples")
  local verdict=flat
  # Growth beyond 10% and 2 MB over the run is a leak, not noise.
  if [ "$status" -ne 0 ]; then
    verdict="FAILED (status $status: $(tail -n 1 "$work/$name.err"))"
    failed=1
  elif [ "$last" -gt $((first + first / 10 + 2048)) ]; then
    verdict=GREW
    failed=1
  fi
  printf '%-14s %7s runs %5ss  peak %6s kB  rss first/last quarter %6s/%6s kB  fds max %3s  (%s samples)  %s\n' \
    "$name" "$n" "$seconds" "$hwm" "$first" "$last" "$fds_max" "$count" "$verdict"
}

echo "soak: $TASKER, $n each" >&2
soak gather-j8 -q gather -j 8 --from "$work/true.cmds"
soak every-0 -q every 0 --count "$n" -- true
soak every-0-json -q --json every 0 --count "$n" -- "printf '%2000s\n' x"
exit "$failed"
