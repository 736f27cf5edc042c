# The README starts with its two commands and then says how to install; every relative link in
# it names a file or folder of the repository; and the scenarios whose output does not depend on
# timing run as printed: "The JSON report in a script, with jq" (all of its output, when jq is
# installed) and "Grouped, annotated logs on GitHub Actions" (its ::group::, ::endgroup:: and
# ::error lines, with the random token of each ::stop-commands:: fence as <token>) and "A release
# chain" (its labelled lines, track and status).
. "$(dirname "$0")/testlib.sh"

readme=$SOURCE_DIR/README.md

# --- The top: two commands, then "## Install" -------------------------------------------------
awk '/^```/ { if (inside) exit; inside = 1; print; next } inside { print }' "$readme" >"$tmp/first"
[ "$(head -n 1 "$tmp/first")" = '```sh' ] || fail "the README's first block is not a sh block"
[ "$(sed 1d "$tmp/first" | grep -c .)" -eq 2 ] ||
  fail "the README's first block does not hold exactly two commands"
[ "$(grep -m 1 '^## ' "$readme")" = "## Install" ] ||
  fail "the README's first section is not '## Install'"

# --- Links: [text](target) and [label]: target, to a path that exists inside the repository ---
root=$(realpath "$SOURCE_DIR")
{
  grep -oE '\]\([^)]+\)' "$readme" | sed 's/^](//; s/)$//'
  sed -nE 's/^\[[^]]+\]: +([^ ]+).*/\1/p' "$readme"
} >"$tmp/links"
links=0
while read -r link; do
  case $link in
    '#'* | [a-z]*:*) continue ;; # an anchor, or a URL (https:, mailto:)
  esac
  path=${link%%#*}
  target=$(realpath -m "$root/$path")
  case $target in
    "$root" | "$root"/*) ;;
    *) fail "README links to $link, outside the repository" ;;
  esac
  [ -e "$target" ] || fail "README links to $link, which does not exist"
  links=$((links + 1))
done <"$tmp/links"
[ "$links" -gt 0 ] || fail "found no relative link in the README"
echo "README: two commands first, then Install; $links relative links resolve"

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
  # The fences around task output on GitHub Actions hold a fresh random token each time.
  (cd "$tmp" && sh "$tmp/command" 2>&1) | grep -E "$filter" |
    sed -E 's/::stop-commands::[0-9a-f]{32}$/::stop-commands::<token>/; s/^::[0-9a-f]{32}::$/::<token>::/' \
      >"$tmp/actual" || true
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
# Labelled lines, the chain's track and the status; stdout and stderr may interleave.
check_scenario "A release chain: notify on failure, always clean up" \
  '^(build|publish|notify|cleanup) +\||^chain: callback|^tasker: exit status' sort
