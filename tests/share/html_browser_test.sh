# The timeline page in a real browser: Debian's chromium, headless, with the network off, loads
# the page tasker wrote for a real run from a file, and the DOM it rendered has one bar per task
# and the fire line; its network log shows no request the page made. A screenshot of the page is
# kept in the build directory (CI keeps it). Skipped when chromium is missing, unless
# TASKER_REQUIRE_ENGINES=1 (CI), where a missing browser fails.
. "$(dirname "$0")/testlib.sh"

build_dir=${3:?usage: html_browser_test.sh TASKER SOURCE_DIR BUILD_DIR}
case $build_dir in /*) ;; *) build_dir=$(pwd)/$build_dir ;; esac
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
  [ "${TASKER_REQUIRE_ENGINES:-0}" = 1 ] &&
    fail "chromium is missing, and TASKER_REQUIRE_ENGINES=1 (share/install-deps.sh installs it)"
  skip "chromium is not installed"
fi

# browse LOG ARGS...: chromium, headless, its network log in $tmp/LOG.net. A proxy on a closed
# port and no name resolution: nothing can leave the machine. Its background services are off,
# so the log holds little but what the page asked for.
browse() {
  log=$1
  shift
  timeout 100 "$browser" --headless --no-sandbox --disable-gpu --user-data-dir="$tmp/profile" \
    --proxy-server=127.0.0.1:9 --host-resolver-rules="MAP * ~NOTFOUND" \
    --disable-background-networking --disable-component-update --disable-sync \
    --no-first-run --disable-default-apps --disable-extensions --hide-scrollbars \
    --log-net-log="$tmp/$log.net" "$@"
}

# render NAME: loads $tmp/NAME.html; the DOM goes to $tmp/NAME.dom, the network log to
# $tmp/NAME.net, a screenshot to $build_dir/html_page_NAME.png.
render() {
  browse "$1" --dump-dom "file://$tmp/$1.html" >"$tmp/$1.dom" 2>"$tmp/$1.log" ||
    fail "chromium could not render $1.html: $(tail -3 "$tmp/$1.log")"
  browse "$1-screenshot" --window-size=1100,640 --screenshot="$build_dir/html_page_$1.png" \
    "file://$tmp/$1.html" >/dev/null 2>&1 || fail "chromium took no screenshot of $1.html"
  [ -s "$build_dir/html_page_$1.png" ] || fail "no screenshot $build_dir/html_page_$1.png"
}

# expect_page NAME BARS: the rendered DOM has BARS bars, the fire line, and the page made no
# request: its network log names no URL but Chromium's own services' (time, updates,
# accounts, spelling dictionaries), which it asks for whatever page it shows.
expect_page() {
  bars=$(grep -o '<rect class="bar [a-z_]*"' "$tmp/$1.dom" | wc -l)
  [ "$bars" -eq "$2" ] || fail "$1: $bars bars in the rendered page, expected $2"
  fires=$(grep -o '<line id="fire"' "$tmp/$1.dom" | wc -l)
  [ "$fires" -eq 1 ] || fail "$1: $fires fire lines in the rendered page, expected 1"
  grep -o '"url":"[a-z]*://[^"/]*' "$tmp/$1.net" | sed 's/"url":"//' | sort -u >"$tmp/$1.urls"
  if grep -v -E '^https?://([a-z0-9.-]*\.)?(google\.com|googleapis\.com|gvt1\.com)$' \
    "$tmp/$1.urls" | grep -v '^file://' >"$tmp/$1.external"; then
    fail "$1: the page made requests: $(tr '\n' ' ' <"$tmp/$1.external")"
  fi
}

cd "$tmp"
# A list that fires on its first failure, with a job slot fewer than tasks: queue wait, a
# failure, a cancelled task cut short at the fire line, and names that need escaping.
status=0
"$TASKER" -q --html list.html list --fire-on-one-errback -j 3 \
  --names 'build,unit <tests>,lint & "docs",package' \
  'sleep 0.6' 'sleep 0.3; exit 3' 'sleep 0.1' 'sleep 5' || status=$?
[ "$status" -eq 3 ] || fail "the list exited $status, expected 3"
render list
expect_page list 4
grep -qF 'unit &lt;tests&gt;' "$tmp/list.dom" || fail "list: the escaped name is not in the DOM"

# A task file's tree: nested rows, one bar per task.
cat >tasker.toml <<'TOML'
[tasks.default]
gather = ["checks", "slow"]
[tasks.checks]
list = ["lint", "test"]
[tasks.lint]
run = "sleep 0.1"
[tasks.test]
run = "sleep 0.2; exit 1"
[tasks.slow]
run = "sleep 5"
TOML
status=0
"$TASKER" -q --report tree.json run || status=$?
[ "$status" -ne 0 ] || fail "the task file run succeeded; its test task fails"
"$TASKER" report tree.json --html tree.html || fail "tasker report tree.json --html failed"
render tree
expect_page tree 3
exit 0
