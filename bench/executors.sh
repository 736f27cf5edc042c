#!/usr/bin/env bash
# bench/executors.sh: the per-task cost of tasker's SSH hosts and Slurm executor, side by side
# with the bare loop each replaces, in one hyperfine run per engine:
#   ssh:   N `true` over one ControlMaster: `xargs -P 4 -n1 ssh -S CTL h1` against
#          `tasker -S 4/h1 gather` (which opens its own master at its first task);
#   slurm: M `true` as srun jobs, one at a time: `xargs -P 1 srun -Q` against
#          `tasker --executor slurm -j 1`. On the test node's 2 CPUs, 2 jobs at a time
#          (SLURM_JOBS=2) often submit a job while the one before still holds its CPU: it then
#          waits for Slurm's next scheduling pass, 0.5 to 8 s at random, in both loops alike,
#          which drowns the per-task cost this measures.
# Needs the engines (tests/engines/start.sh) and hyperfine. Usage:
#   TASKER=build/debug/cli/tasker bench/executors.sh      (N=200, M=40 by default)
# Prints hyperfine's table and the ratios tasker/bare per engine, of the medians (target: at
# most 1.2) and of the means.
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
engines=${TASKER_ENGINES_DIR:-$here/build/engines}
[[ -r $engines/env.sh ]] || { echo "start the engines first: tests/engines/start.sh" >&2; exit 1; }
. "$engines/env.sh"
tasker=${TASKER:-$here/build/debug/cli/tasker}
[[ -x $tasker ]] || { echo "no tasker at $tasker (set TASKER)" >&2; exit 1; }
command -v hyperfine >/dev/null || { echo "needs hyperfine" >&2; exit 1; }
n=${N:-200}
m=${M:-40}
slurm_jobs=${SLURM_JOBS:-1}
runs=${RUNS:-5}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/tasker-bench-executors.XXXXXX")
ctl=$tmp/ctl
cleanup() {
  ssh -F "$TASKER_SSH_CONFIG" -o ControlPath="$ctl" -O exit h1 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT
printf 'true\n%.0s' $(seq "$n") >"$tmp/ssh-tasks"
printf 'true\n%.0s' $(seq "$m") >"$tmp/slurm-tasks"
ssh -F "$TASKER_SSH_CONFIG" -o ControlMaster=yes -o ControlPath="$ctl" -o ControlPersist=600 \
  -fN h1

ssh_bare="seq $n | xargs -P 4 -n1 ssh -F $TASKER_SSH_CONFIG -S $ctl h1 true"
ssh_tasker="$tasker -q --output quiet -S 4/h1 --ssh 'ssh -F $TASKER_SSH_CONFIG' gather \
--from $tmp/ssh-tasks"
slurm_bare="seq $m | xargs -P $slurm_jobs -n1 srun -Q true"
slurm_tasker="$tasker -q --output quiet --executor slurm --slurm-args -Q gather -j $slurm_jobs \
--from $tmp/slurm-tasks"

ratio() {  # FILE: median of the second command over the first's, and the means' ratio
  python3 - "$1" <<'EOF'
import json, sys
first, second = json.load(open(sys.argv[1]))["results"][:2]
print(f"{second['median'] / first['median']:.2f} (medians {second['median']:.2f} s / "
      f"{first['median']:.2f} s; means {second['mean'] / first['mean']:.2f})")
EOF
}

hyperfine --warmup 1 --runs "$runs" --export-json "$tmp/ssh.json" \
  -n "xargs -P 4 ssh (ControlMaster), $n x true" "$ssh_bare" \
  -n "tasker -S 4/h1, $n x true" "$ssh_tasker"
hyperfine --warmup 1 --runs "$runs" --export-json "$tmp/slurm.json" \
  -n "xargs -P $slurm_jobs srun, $m x true" "$slurm_bare" \
  -n "tasker --executor slurm -j $slurm_jobs, $m x true" "$slurm_tasker"
echo "ssh:   tasker / xargs = $(ratio "$tmp/ssh.json")"
echo "slurm: tasker / xargs = $(ratio "$tmp/slurm.json")"
