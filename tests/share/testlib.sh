# Sourced by the tests in this folder. Each test is run by ctest as
#   sh TEST.sh TASKER SOURCE_DIR [...]
# and exits 0 (pass), 1 (fail, with the reason on stderr) or 125 (skipped: a tool is missing).
set -eu
# On GitHub Actions or GitLab CI tasker would add its workflow commands or sections to the output
# the tests read.
unset GITHUB_ACTIONS GITLAB_CI

TASKER=${1:?usage: TEST.sh TASKER SOURCE_DIR}
SOURCE_DIR=${2:?usage: TEST.sh TASKER SOURCE_DIR}
case $TASKER in /*) ;; *) TASKER=$(pwd)/$TASKER ;; esac

tmp=$(mktemp -d "${TMPDIR:-/tmp}/tasker-test.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

skip() {
  echo "SKIP: $*"
  exit 125
}

# expect_contains FILE TEXT: FILE has a line containing TEXT (fixed string).
expect_contains() {
  grep -qF -- "$2" "$1" || {
    echo "--- $1:" >&2
    cat "$1" >&2
    fail "$1 does not contain '$2'"
  }
}

# expect_count FILE TEXT N: exactly N lines of FILE contain TEXT (fixed string).
expect_count() {
  found=$(grep -cF -- "$2" "$1" || true)
  [ "$found" -eq "$3" ] || {
    echo "--- $1:" >&2
    cat "$1" >&2
    fail "$1 has $found lines with '$2', expected $3"
  }
}

# expect_status EXPECTED ACTUAL WHAT
expect_status() {
  [ "$2" -eq "$1" ] || fail "$3: exit status $2, expected $1"
}

# The commands of a --from file: lines that are neither blank nor comments.
command_lines() {
  grep -vE '^[[:space:]]*(#|$)' "$1"
}

# The options `tasker [COMMAND] --help` lists (--jobs, -j, ...), one per line.
help_options() {
  # The option column only: the description after it may mention other flags (SHELL -c CMD).
  "$TASKER" "$@" --help | grep -E '^  +-' | sed -E 's/^ +//; s/  .*//' |
    grep -oE '(^|[ ,])--?[a-zA-Z][a-zA-Z-]*' | sed 's/^[ ,]//' | sort -u
}

TASKER_COMMANDS="gather list any every after chain run"
