#!/usr/bin/env bash
# wait-for-port.sh HOST PORT: succeeds when HOST accepts a TCP connection on PORT. It tries once,
# for at most 2 seconds; tasker does the waiting:
#
#   tasker every 1s --until-success --for 1m -- share/examples/wait-for-port.sh 127.0.0.1 5432
#
# It connects with bash's /dev/tcp, or with nc when bash was built without it.
set -euo pipefail

usage="usage: wait-for-port.sh HOST PORT"
host=${1:?$usage}
port=${2:?$usage}
if ! [[ $port =~ ^[0-9]+$ ]] || ((10#$port < 1 || 10#$port > 65535)); then
  echo "wait-for-port.sh: '$port' is not a TCP port (1 to 65535)" >&2
  exit 2
fi

# 0 when the port accepts a connection. A bash built without network redirections reports
# /dev/tcp as a missing file: then nc, if there is one, makes the attempt.
connect() {
  local error
  if error=$(timeout 2 bash -c 'exec 3<>"/dev/tcp/$1/$2"' _ "$host" "$port" 2>&1); then
    return 0
  fi
  if [[ $error == *"No such file"* ]] && command -v nc >/dev/null 2>&1; then
    nc -z -w 2 "$host" "$port" 2>/dev/null
    return
  fi
  return 1
}

if connect; then
  echo "$host:$port is accepting connections"
else
  echo "$host:$port is not accepting connections yet"
  exit 1
fi
