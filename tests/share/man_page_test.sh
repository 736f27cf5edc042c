# share/man/tasker.1 documents every command and every option `--help` lists, names the version
# `tasker --version` prints, and, where groff is installed, renders with no warning.
. "$(dirname "$0")/testlib.sh"

page=$SOURCE_DIR/share/man/tasker.1
# The page as text, near enough for grep: roff's \- is a plain hyphen.
sed 's/\\-/-/g' "$page" >"$tmp/page"

version=$("$TASKER" --version | sed 's/^tasker //')
grep -q "^\.TH TASKER 1 [0-9-]* \"tasker $version\"" "$page" ||
  fail "the .TH line does not name tasker $version: $(grep '^\.TH' "$page")"

for command in $TASKER_COMMANDS; do
  grep -q "^\.BI* $command\( \|$\)" "$tmp/page" || fail "no entry for the $command command"
  # shellcheck disable=SC2086
  for option in $(help_options $command) $(help_options); do
    grep -qF -- "$option" "$tmp/page" || fail "the page does not document $command $option"
  done
done

# Every exit status of docs/behaviour.md "Exit statuses", the JSON report's fields and the GitHub Actions lines.
for text in '.B 0' '.B 1' '.B 2' 130 143 fire_index end_reason capture_limit '::group::' '::error' \
  GITHUB_ACTIONS NO_COLOR; do
  grep -qF -- "$text" "$tmp/page" || fail "the page does not mention $text"
done

if command -v groff >/dev/null 2>&1; then
  groff -man -Tutf8 -ww -z "$page" 2>"$tmp/warnings"
  [ ! -s "$tmp/warnings" ] || {
    cat "$tmp/warnings" >&2
    fail "groff warns about the page"
  }
  echo "groff renders the page with no warning"
fi
