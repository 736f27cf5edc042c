# The README's scenarios whose output does not depend on timing run as printed: "The JSON report
# in a script, with jq" (all of its output, when jq is installed) and "Grouped, annotated logs
# on GitHub Actions" (its ::group::, ::endgroup:: and ::error lines).
. "$(dirname "$0")/testlib.sh"

readme=$SOURCE_DIR/README.md
PATH=$(dirname "$TASKER"):$PATH
export PATH

# scenario HEADING KIND: the first ```KIND block after the line "### HEADING".
scenario() {
  awk -v heading="### $1" -v fence="\`\`\`$2" '
    $0 == heading { found = 1; next }
    found && !inside && $0 == fence { inside = 1; next }
    inside && $0 == "```" { exit }
    inside { print }
  ' "$readme"
}

# check_scenario HEADING FILTER [sort]: the lines of the scenario's output that match FILTER are
# those its command prints now (with `sort`, in any order: tasks that end close together).
check_scenario() {
  heading=$1
  filter=$2
  order=${3:-keep}
  scenario "$heading" sh >"$tmp/command"
  [ -s "$tmp/command" ] || fail "README has no sh block under '### $heading'"
  scenario "$heading" text | grep -E "$filter" >"$tmp/expected" || true
  [ -s "$tmp/expected" ] || fail "README has no output under '### $heading'"
  (cd "$tmp" && sh "$tmp/command" 2>&1) | grep -E "$filter" >"$tmp/actual" || true
  if [ "$order" = sort ]; then
    sort "$tmp/expected" -o "$tmp/expected"
    sort "$tmp/actual" -o "$tmp/actual"
  fi
  if ! cmp -s "$tmp/expected" "$tmp/actual"; then
    diff "$tmp/expected" "$tmp/actual" >&2 || true
    fail "'### $heading' prints something else than the README shows"
  fi
  echo "'### $heading': as the README shows"
}

if command -v jq >/dev/null 2>&1; then
  check_scenario "The JSON report in a script, with jq" '.'
else
  echo "no jq: the jq scenario is not checked"
fi
# The command sets GITHUB_ACTIONS=true itself.
check_scenario "Grouped, annotated logs on GitHub Actions" '^::' sort
