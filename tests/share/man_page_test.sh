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
# The summary's marks, as roff writes them.
for text in '.B 0' '.B 1' '.B 2' 130 143 fire_index end_reason capture_limit '::group::' '::error' \
  GITHUB_ACTIONS NO_COLOR '\[u2714]' '\[u2718]' '\[u2298]' '\[pc]' '\[u2026]'; do
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

# The page fits an 80-column terminal: no rendered line is wider, counted in bytes in a UTF-8
# locale (stricter than columns: ✔ takes three bytes and one column).
if command -v man >/dev/null 2>&1 && command -v groff >/dev/null 2>&1; then
  LC_ALL=C.UTF-8 MANWIDTH=80 man -l "$page" 2>/dev/null >"$tmp/rendered" ||
    fail "man -l cannot render the page"
  [ -s "$tmp/rendered" ] || fail "man -l rendered nothing"
  awk 'length > 80 { print NR ": " $0; wide = 1 } END { exit wide }' "$tmp/rendered" >&2 ||
    fail "lines over 80 columns in MANWIDTH=80 man -l tasker.1"
  echo "MANWIDTH=80 man renders no line over 80 columns"
fi
