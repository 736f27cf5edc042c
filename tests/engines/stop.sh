#!/usr/bin/env bash
# Stops the engines tests/engines/start.sh started from STATE_DIR (default build/engines in the
# repository): cancels the jobs left in its Slurm cluster, ends the ssh ControlMaster processes
# that use its ssh_config, its sshd, slurmctld and slurmd, and whatever of theirs is left (remote
# commands, slurmstepd, job tasks). Exits non-zero, listing them, if any of these still runs.
# Safe to run any number of times.
#
#   tests/engines/stop.sh [STATE_DIR]
set -euo pipefail

engines_script=stop.sh
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=SCRIPTDIR/lib.sh
. "$here/lib.sh"

state=${1:-$engines_default_state}
if [[ ! -d $state ]]; then
  note "nothing to stop: no $state"
  exit 0
fi
state=$(cd "$state" && pwd)
# The tests look for env.sh: without it they know the engines are not there.
rm -f "$state/env.sh"

ssh_dir=$state/ssh
slurm_dir=$state/slurm
sshd_pid=$(daemon_pid "$ssh_dir/sshd.pid" sshd)
slurmctld_pid=$(daemon_pid "$slurm_dir/slurmctld.pid" slurmctld)
slurmd_pid=$(daemon_pid "$slurm_dir/slurmd.pid" slurmd)

# 1. Jobs: Slurm's own cancel first, so that slurmstepd signals and reaps its tasks.
if [[ -n $slurmctld_pid && -r $state/slurm.conf ]]; then
  export SLURM_CONF=$state/slurm.conf
  mapfile -t jobs < <(timeout 10 squeue -h -o %A 2>/dev/null || true)
  if ((${#jobs[@]})); then
    note "cancelling the jobs left in the cluster: ${jobs[*]}"
    timeout 10 scancel "${jobs[@]}" 2>/dev/null || true
    deadline=$((SECONDS + 15))
    while [[ -n $(timeout 10 squeue -h -o %A 2>/dev/null || true) ]] && ((SECONDS < deadline)); do
      sleep 0.2
    done
  fi
fi

# signal_then_kill SECONDS PID...: TERM, and KILL for those still running after SECONDS.
signal_then_kill() {
  local seconds=$1 remaining
  shift
  (($#)) || return 0
  kill -TERM "$@" 2>/dev/null || true
  wait_gone "$seconds" "$@" && return 0
  mapfile -t remaining < <(live "$@")
  ((${#remaining[@]} == 0)) || kill -KILL "${remaining[@]}" 2>/dev/null || true
}

# 2. What runs below the daemons now, before they go and their children lose their parent.
daemons=()
for pid in "$sshd_pid" "$slurmctld_pid" "$slurmd_pid"; do
  [[ -n $pid ]] && daemons+=("$pid")
done
leftovers=()
for pid in "$sshd_pid" "$slurmd_pid"; do
  [[ -n $pid ]] && mapfile -t -O "${#leftovers[@]}" leftovers < <(descendants "$pid")
done

# 3. The daemons, given 10 s (slurmctld saves its state).
signal_then_kill 10 "${daemons[@]}"

# 4. Everything else, given 2 s. A ControlMaster ends its sessions on TERM.
mapfile -t -O "${#leftovers[@]}" leftovers < <(engine_processes "$state")
mapfile -t leftovers < <(live "${leftovers[@]}" | sort -un)
if ((${#leftovers[@]})); then
  note "ending ${#leftovers[@]} processes of the engines:"
  for pid in "${leftovers[@]}"; do describe "$pid"; done
  signal_then_kill 2 "${leftovers[@]}"
fi

# 5. Nothing may be left.
mapfile -t remaining < <({
  live "${daemons[@]}" "${leftovers[@]}"
  engine_processes "$state"
} | sort -un)
if ((${#remaining[@]})); then
  echo "$engines_script: still running after stop:" >&2
  for pid in "${remaining[@]}"; do describe "$pid" >&2; done
  exit 1
fi
rm -f "$ssh_dir/sshd.pid" "$slurm_dir/slurmctld.pid" "$slurm_dir/slurmd.pid"
note "engines of $state stopped; nothing of theirs runs"
