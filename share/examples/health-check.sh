#!/bin/sh
# health-check.sh: a few health checks, one line each: "ok", or what is wrong. Exits 1 when a
# check failed. It prints states, not measurements, so that `tasker every --changes` shows a
# run only when a state changed, and `--keep-going` carries on through failed runs:
#
#   tasker every 10s --changes --keep-going -- share/examples/health-check.sh
#
# Settings, from the environment:
#   HEALTH_PATHS     file systems to check, space-separated (default: /)
#   HEALTH_DISK_MAX  the most a file system may be used, in percent (default: 90)
#   HEALTH_MEM_MIN   the least memory that must be available, in percent (default: 5)
#   HEALTH_URL       a URL that must answer, with curl (default: none)
set -u

paths=${HEALTH_PATHS:-/}
disk_max=${HEALTH_DISK_MAX:-90}
mem_min=${HEALTH_MEM_MIN:-5}
url=${HEALTH_URL:-}
failed=0

for path in $paths; do
  used=$(df -P "$path" 2>/dev/null | awk 'NR == 2 { sub(/%/, "", $5); print $5 }')
  if [ -z "$used" ]; then
    echo "disk $path: cannot be read"
    failed=1
  elif [ "$used" -gt "$disk_max" ]; then
    echo "disk $path: ${used}% used, more than ${disk_max}%"
    failed=1
  else
    echo "disk $path: ok"
  fi
done

if [ -r /proc/meminfo ]; then
  available=$(awk '/^MemTotal:/ { t = $2 } /^MemAvailable:/ { a = $2 } END { if (t) print int(a * 100 / t) }' /proc/meminfo)
  if [ -n "$available" ] && [ "$available" -lt "$mem_min" ]; then
    echo "memory: ${available}% available, less than ${mem_min}%"
    failed=1
  else
    echo "memory: ok"
  fi
fi

if [ -n "$url" ]; then
  # curl's own message has timings in it; the exit status alone keeps the line stable.
  if curl -fsS --max-time 5 -o /dev/null "$url" 2>/dev/null; then
    echo "$url: ok"
  else
    echo "$url: down (curl exit status $?)"
    failed=1
  fi
fi

exit "$failed"
