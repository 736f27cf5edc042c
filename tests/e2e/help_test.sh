#!/bin/sh
# `tasker [COMMAND] --help` for tasker and each command: value names that read (no CLI11
# TEXT:DURATION or UINT), flags without CLI11's `{false}`, the defaults, every line within 100
# columns, or within COLUMNS when that is narrower, and two examples that run as printed.
# Usage: help_test.sh TASKER
set -eu
unset GITHUB_ACTIONS GITLAB_CI

TASKER=${1:?usage: help_test.sh TASKER}
case $TASKER in /*) ;; *) TASKER=$(pwd)/$TASKER ;; esac
tmp=$(mktemp -d "${TMPDIR:-/tmp}/tasker-help.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

# expect_help FILE WHAT: FILE, the help of WHAT, reads as the header says; mawk counts bytes, so
# the help must be ASCII for its widths to be right.
expect_help() {
  ! LC_ALL=C grep -n '[^ -~]' "$1" || fail "$2: not ASCII"
  for noise in 'TEXT' 'UINT' 'INT:' '{false}' '{true}' 'REQUIRED'; do
    ! grep -nF -- "$noise" "$1" || fail "$2 shows CLI11's $noise"
  done
  grep -q '^Examples:$' "$1" || fail "$2 has no Examples"
  examples=$(sed -n '/^Examples:$/,/^$/p' "$1" | grep -c '^  [^ ]') || true
  [ "$examples" -eq 2 ] || fail "$2 has $examples examples, not 2"
}

# expect_width FILE LIMIT WHAT: no line of FILE is wider than LIMIT columns.
expect_width() {
  ! awk -v limit="$2" 'length > limit { print FILENAME ":" NR ": " length ": " $0; bad = 1 }
    END { exit !bad }' "$1" || fail "$3: lines over $2 columns"
}

for command in "" gather list any every after chain run report completions; do
  what="tasker${command:+ $command} --help"
  # shellcheck disable=SC2086 # "" is no command
  env -u COLUMNS "$TASKER" $command --help >"$tmp/help" </dev/null || fail "$what: status $?"
  expect_help "$tmp/help" "$what"
  expect_width "$tmp/help" 100 "$what"
  # A wide terminal still gets lines within 100 columns; a narrow one, within its width.
  # shellcheck disable=SC2086
  COLUMNS=200 "$TASKER" $command --help >"$tmp/wide"
  cmp -s "$tmp/help" "$tmp/wide" || fail "$what with COLUMNS=200 differs from 100 columns"
  for columns in 80 60; do
    # shellcheck disable=SC2086
    COLUMNS=$columns "$TASKER" $command --help >"$tmp/narrow"
    expect_help "$tmp/narrow" "$what (COLUMNS=$columns)"
    expect_width "$tmp/narrow" "$columns" "$what (COLUMNS=$columns)"
  done
  sed -n '/^Examples:$/,/^$/p' "$tmp/help" | sed -n 's/^  \([^ ].*\)/\1/p' >>"$tmp/examples"
done

# Defaults are shown, and a negated flag reads as its two names.
"$TASKER" --help >"$tmp/help"
grep -qF '(default: prefixed)' "$tmp/help" || fail "tasker --help does not show --output's default"
grep -qF -- '--capture-limit BYTES' "$tmp/help" || fail "tasker --help lacks --capture-limit BYTES"
"$TASKER" gather --help >"$tmp/help"
grep -qE -- '--grace DURATION +.*\(default: 2s\)' "$tmp/help" || fail "gather --grace: no default"
grep -qE -- '--timeout DURATION ' "$tmp/help" || fail "gather --timeout is not DURATION"
grep -qE -- '-j, --jobs N ' "$tmp/help" || fail "gather -j is not -j, --jobs N"
"$TASKER" every --help >"$tmp/help"
grep -qE -- '^  --now, --no-now +First run' "$tmp/help" || fail "every --now, --no-now"
grep -qE -- '^Usage: .*every \[OPTIONS\] INTERVAL \[CMD\.\.\.\]' "$tmp/help" ||
  fail "every's usage line: $(grep Usage "$tmp/help")"

# Every example runs as printed, `tasker` being this one, and succeeds; run's examples in a folder
# with the task files they name.
mkdir "$tmp/bin" "$tmp/work"
ln -s "$TASKER" "$tmp/bin/tasker"
cat >"$tmp/work/tasker.toml" <<'TOML'
[tasks.hello]
desc = "says hello"
run = "echo hello"
TOML
cat >"$tmp/work/ci.toml" <<'TOML'
[tasks.lint]
run = "echo lint clean"

[tasks.test]
run = "echo tests passed"
TOML
[ "$(wc -l <"$tmp/examples")" -eq 20 ] || fail "$(wc -l <"$tmp/examples") examples, not 20"
# In bash, as a user types them (completions' use `source <(...)`), with a home of their own.
mkdir "$tmp/home"
cd "$tmp/work"
while IFS= read -r example; do
  status=0
  HOME=$tmp/home PATH=$tmp/bin:$PATH timeout 60 bash -c "$example" >"$tmp/out" 2>"$tmp/err" \
    </dev/null || status=$?
  [ "$status" -eq 0 ] || {
    cat "$tmp/out" "$tmp/err" >&2
    fail "example \`$example\` exits $status"
  }
  echo "ok: $example"
done <"$tmp/examples"
grep -q '^complete -F _tasker tasker$' "$tmp/home/.bash_completion" ||
  fail "the completions example wrote no bash completion"
