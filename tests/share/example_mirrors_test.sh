# share/examples/mirrors.txt runs as its header says, with no network: a fake curl on PATH
# stands in for the mirrors. The first mirror fails at once (as an unknown host does), the last
# one delivers after 200ms, and the ones in between hang until tasker cancels them.
. "$(dirname "$0")/testlib.sh"

file=$SOURCE_DIR/share/examples/mirrors.txt
# The first URL of each line, cut to scheme and host.
command_lines "$file" | awk '{
  for (i = 1; i <= NF; i++) if ($i ~ /^https:\/\//) { split($i, part, "/"); print "https://" part[3]; next }
}' >"$tmp/hosts"
mirrors=$(wc -l <"$tmp/hosts")
[ "$mirrors" -ge 3 ] || fail "$file has only $mirrors mirrors"
[ "$(command_lines "$file" | wc -l)" -eq "$mirrors" ] || fail "$file has a line without a mirror"
failing=$(head -n 1 "$tmp/hosts")
winner=$(tail -n 1 "$tmp/hosts")

mkdir "$tmp/bin"
cat >"$tmp/bin/curl" <<FAKE
#!/bin/sh
# The last argument is the URL; never touch the network.
for url; do :; done
case \$url in
  $failing/*) echo "curl: (6) Could not resolve host" >&2; exit 6 ;;
  $winner/*) sleep 0.2; exit 0 ;;
  *) exec sleep 30 ;;
esac
FAKE
chmod +x "$tmp/bin/curl"

status=0
PATH="$tmp/bin:$PATH" "$TASKER" any --timeout 30s --json --from "$file" >"$tmp/report.json" \
  2>"$tmp/err" || status=$?
cat "$tmp/err"
expect_status 0 "$status" "tasker any --from $file"
last=$((mirrors - 1))
expect_contains "$tmp/report.json" "\"fire_index\": $last,"
# The winner's stdout names it, which is what the header's jq line prints.
expect_contains "$tmp/report.json" "\"stdout\": \"$winner/debian\\n\""
expect_count "$tmp/report.json" '"state": "succeeded"' 1
expect_count "$tmp/report.json" '"state": "failed"' 1
expect_count "$tmp/report.json" '"status": 6,' 1
expect_count "$tmp/report.json" '"state": "cancelled"' $((mirrors - 2))
# Cancelled at once, not after their 30 seconds.
duration=$(sed -n 's/^  "duration_ms": \([0-9]*\).*/\1/p' "$tmp/report.json")
[ "$duration" -lt 10000 ] || fail "the run took ${duration}ms: the hanging mirrors were not cancelled"
