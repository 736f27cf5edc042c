#!/bin/sh
# Runs a command and checks it is a usage error as docs/behaviour.md "Bad input" defines it: status 2, nothing
# on stdout, exactly one line on stderr starting "tasker: ".
# Usage: expect_usage_error.sh COMMAND [ARG...]
set -u

out=$(mktemp) && err=$(mktemp) || exit 1
trap 'rm -f "$out" "$err"' EXIT

"$@" >"$out" 2>"$err"
status=$?
fail=0
if [ "$status" -ne 2 ]; then
  echo "expected status 2, got $status" >&2
  fail=1
fi
if [ -s "$out" ]; then
  echo "expected no stdout, got:" >&2
  cat "$out" >&2
  fail=1
fi
lines=$(wc -l <"$err")
if [ "$lines" -ne 1 ] || ! head -n 1 "$err" | grep -q '^tasker: '; then
  echo "expected one stderr line starting 'tasker: ', got $lines line(s):" >&2
  cat "$err" >&2
  fail=1
fi
[ "$fail" -eq 0 ] && echo "ok: $(cat "$err")"
exit "$fail"
