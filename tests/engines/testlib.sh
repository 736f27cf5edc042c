# shellcheck shell=bash
# Sourced by the smoke tests of this folder. Each is run by ctest as
#   bash TEST.sh SOURCE_DIR
# on the engines tests/engines/start.sh started (TASKER_ENGINES_DIR, or build/engines in the
# repository), and exits 0 (pass), 1 (fail, with the reason on stderr) or 125 (skipped: the
# engines are not running). With TASKER_REQUIRE_ENGINES=1 (.ci/run sets it) engines that are not
# running fail the test instead: CI must not pass without them.
set -euo pipefail

SOURCE_DIR=${1:?usage: TEST.sh SOURCE_DIR}
engines_dir=${TASKER_ENGINES_DIR:-$SOURCE_DIR/build/engines}

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

if [[ ! -r $engines_dir/env.sh ]]; then
  reason="the engines are not running (no $engines_dir/env.sh)"
  [[ ${TASKER_REQUIRE_ENGINES:-0} == 1 ]] && fail "$reason, and TASKER_REQUIRE_ENGINES=1"
  echo "SKIP: $reason; start them with tests/engines/start.sh"
  exit 125
fi
. "$engines_dir/env.sh"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/tasker-engines-test.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# Every process a test starts carries its marker, in its command line or in the environment
# variable TASKER_TEST_MARKER (which its children inherit: a marker in `sh -c 'CMD # marker'` is
# lost when the shell execs CMD). The prefix is the same for every test of one start of the
# engines, for no_leftovers_test.sh.
marker_prefix=tasker-engines-test-$TASKER_ENGINES_RUN_ID
# shellcheck disable=SC2034 # for the tests that source this file
marker=$marker_prefix-$(basename "$0" .sh)-$$

# marked_processes MARKER: pids of the processes whose command line or environment holds MARKER
# (zombies have neither). The pattern starts with a bracket expression so that grep does not
# find itself.
marked_processes() {
  local files file
  mapfile -t files < <(grep -lzE -- "[${1:0:1}]${1:1}" /proc/[0-9]*/cmdline \
    /proc/[0-9]*/environ 2>/dev/null)
  for file in "${files[@]}"; do
    file=${file#/proc/}
    echo "${file%%/*}"
  done | sort -un
}

# describe_processes PID...: their command lines, for a failure message.
describe_processes() {
  local pid
  for pid in "$@"; do
    echo "  pid $pid: $(tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline")"
  done
}

# expect_no_marked_processes SECONDS MARKER: none is left, at once or within SECONDS.
expect_no_marked_processes() {
  local deadline=$((SECONDS + $1)) pids
  while :; do
    mapfile -t pids < <(marked_processes "$2")
    ((${#pids[@]} == 0)) && return 0
    ((SECONDS < deadline)) || break
    sleep 0.1
  done
  describe_processes "${pids[@]}" >&2
  fail "${#pids[@]} processes with marker $2 still run after $1 s"
}

# wait_until SECONDS COMMAND...: polls COMMAND until it succeeds; false at the deadline.
wait_until() {
  local deadline=$((SECONDS + $1))
  shift
  until "$@"; do
    ((SECONDS < deadline)) || return 1
    sleep 0.1
  done
}

# expect_status EXPECTED ACTUAL WHAT
expect_status() {
  [[ $2 -eq $1 ]] || fail "$3: exit status $2, expected $1"
}

# now_ms: milliseconds since the epoch, for the durations the tests print.
now_ms() {
  date +%s%3N
}
