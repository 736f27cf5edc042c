# shellcheck shell=bash
# Sourced by start.sh and stop.sh (bash). Finds the state folder and the processes that belong
# to the engines started from it, reading /proc only (a slim container may have no ps).

engines_repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# shellcheck disable=SC2034 # used by start.sh and stop.sh
engines_default_state=$engines_repo/build/engines

# engines_script (the caller sets it) names the script in messages.
# shellcheck disable=SC2154
die() {
  echo "$engines_script: $*" >&2
  exit 1
}

note() {
  echo "$engines_script: $*"
}

# alive PID: the process exists and is not a zombie. PID 1 of a container may be slow to reap
# the daemons it inherits, and a zombie runs nothing.
alive() {
  local state
  state=$(awk '/^State:/ { print $2 }' "/proc/$1/status" 2>/dev/null) || return 1
  [[ -n $state && $state != Z ]]
}

# describe PID: one line for a listing of leftovers.
describe() {
  local cmdline
  cmdline=$(tr '\0' ' ' 2>/dev/null <"/proc/$1/cmdline") || true
  echo "  pid $1: ${cmdline:-?}"
}

# daemon_pid FILE COMM: the pid a daemon wrote in FILE, if that process runs and is COMM (a
# stale file's pid may belong to another program by now).
daemon_pid() {
  local pid comm
  [[ -r $1 ]] || return 0
  pid=$(head -n 1 "$1" | tr -dc '0-9')
  [[ -n $pid ]] && alive "$pid" || return 0
  read -r comm 2>/dev/null <"/proc/$pid/comm" || return 0
  [[ $comm == "$2" ]] && echo "$pid"
  return 0
}

# descendants PID: every process below PID, from the parent links in /proc.
descendants() {
  local -A children=()
  local dir key value
  for dir in /proc/[0-9]*; do
    while read -r key value; do
      if [[ $key == PPid: ]]; then
        children[$value]+=" ${dir#/proc/}"
        break
      fi
    done 2>/dev/null <"$dir/status" || true
  done
  local queue=("$1") current child
  while ((${#queue[@]})); do
    current=${queue[0]}
    queue=("${queue[@]:1}")
    for child in ${children[$current]:-}; do
      echo "$child"
      queue+=("$child")
    done
  done
}

# pids_of_files FILE...: the pids in /proc/PID/... paths.
pids_of_files() {
  local file
  for file in "$@"; do
    file=${file#/proc/}
    echo "${file%%/*}"
  done
}

# engine_processes STATE: every process of the engines of STATE except the daemons themselves
# (those have pid files): ssh clients using its ssh_config (ControlMaster processes), commands
# run through its sshd (sshd gives them TASKER_ENGINES_REMOTE=STATE), slurmstepd processes of
# its slurmd (they run in its log folder) and the tasks of its jobs (SLURM_JOB_ID with its
# SLURM_CONF). A shell that merely sourced env.sh matches none of these.
engine_processes() {
  local state=$1 pid comm cwd
  local -a files
  {
    # One grep over all processes: they come and go while it reads, hence 2>/dev/null.
    mapfile -t files < <(grep -lzxF -- "$state/ssh_config" /proc/[0-9]*/cmdline 2>/dev/null)
    for pid in $(pids_of_files "${files[@]}"); do
      read -r comm 2>/dev/null <"/proc/$pid/comm" && [[ $comm == ssh ]] && echo "$pid"
    done
    mapfile -t files < <(grep -lzxF -- "TASKER_ENGINES_REMOTE=$state" /proc/[0-9]*/environ \
      2>/dev/null)
    pids_of_files "${files[@]}"
    mapfile -t files < <(grep -lzxF -- "SLURM_CONF=$state/slurm.conf" /proc/[0-9]*/environ \
      2>/dev/null)
    if ((${#files[@]})); then
      mapfile -t files < <(grep -lz '^SLURM_JOB_ID=' "${files[@]}" 2>/dev/null)
      pids_of_files "${files[@]}"
    fi
    for pid in /proc/[0-9]*; do
      read -r comm 2>/dev/null <"$pid/comm" || continue
      [[ $comm == slurmstepd ]] || continue
      cwd=$(readlink "$pid/cwd" 2>/dev/null) || continue
      [[ $cwd == "$state"/* ]] && echo "${pid#/proc/}"
    done
  } | sort -un | while read -r pid; do
    [[ $pid == "$$" || $pid == "$BASHPID" ]] || echo "$pid"
  done
}

# daemon_pids STATE: the daemons started from STATE that still run.
daemon_pids() {
  daemon_pid "$1/ssh/sshd.pid" sshd
  daemon_pid "$1/slurm/slurmctld.pid" slurmctld
  daemon_pid "$1/slurm/slurmd.pid" slurmd
}

# live PID...: those of the PIDs that still run.
live() {
  local pid
  for pid in "$@"; do
    alive "$pid" && echo "$pid"
  done
  return 0
}

# wait_gone SECONDS PID...: true once none of the PIDs runs, false at the deadline.
wait_gone() {
  local deadline=$((SECONDS + $1))
  shift
  while (($# > 0)); do
    # shellcheck disable=SC2046 # pids are words
    set -- $(live "$@")
    (($# == 0)) && return 0
    ((SECONDS >= deadline)) && return 1
    sleep 0.1
  done
  return 0
}
