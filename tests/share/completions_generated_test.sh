# share/completions holds what `tasker completions SHELL` prints, so the shipped files and the
# option tables cannot drift apart; a bad or missing shell name is a usage error naming the three.
. "$(dirname "$0")/testlib.sh"

for pair in bash:tasker.bash zsh:_tasker fish:tasker.fish; do
  shell=${pair%%:*}
  file=$SOURCE_DIR/share/completions/${pair#*:}
  status=0
  "$TASKER" completions "$shell" >"$tmp/$shell" 2>"$tmp/err" || status=$?
  expect_status 0 "$status" "tasker completions $shell"
  [ ! -s "$tmp/err" ] || fail "tasker completions $shell wrote on stderr: $(cat "$tmp/err")"
  if ! cmp -s "$file" "$tmp/$shell"; then
    diff -u "$file" "$tmp/$shell" | head -n 40 >&2 || true
    fail "share/completions/${pair#*:} is not what \`tasker completions $shell\` prints;" \
      "regenerate it with: tasker completions $shell > share/completions/${pair#*:}"
  fi
  echo "share/completions/${pair#*:} is \`tasker completions $shell\`"
done

for args in "completions ksh" "completions" "completions bash zsh"; do
  status=0
  # shellcheck disable=SC2086 # the words of $args
  "$TASKER" $args >"$tmp/out" 2>"$tmp/err" </dev/null || status=$?
  expect_status 2 "$status" "tasker $args"
  [ ! -s "$tmp/out" ] || fail "tasker $args printed on stdout: $(head -c 200 "$tmp/out")"
  [ "$(wc -l <"$tmp/err")" -eq 1 ] || fail "tasker $args: not one line on stderr: $(cat "$tmp/err")"
  grep -q '^tasker: ' "$tmp/err" || fail "tasker $args: $(cat "$tmp/err")"
  echo "tasker $args: $(cat "$tmp/err")"
done
"$TASKER" completions ksh 2>&1 | grep -q 'bash, zsh, fish' ||
  fail "tasker completions ksh does not name bash, zsh, fish"
