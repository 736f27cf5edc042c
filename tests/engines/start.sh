#!/usr/bin/env bash
# Starts the real engines the executor tests run on, on this machine, from Debian's packages:
# an OpenSSH server on 127.0.0.1 with throw-away keys and host aliases h1 h2 h3 (and one dead
# alias), and a single-node Slurm cluster (slurmctld + slurmd, auth/none, no munge). Everything
# lives in STATE_DIR (default build/engines in the repository); STATE_DIR/env.sh exports what the
# tests need. Exits non-zero, naming the engine and showing its log, if either does not start.
# tests/engines/stop.sh stops them. Must run as root (sshd and slurmd need it).
#
#   tests/engines/start.sh [STATE_DIR]
#
# TASKER_ENGINES_TIMEOUT (seconds, default 60) bounds the wait for each engine.
set -euo pipefail

engines_script=start.sh
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=SCRIPTDIR/lib.sh
. "$here/lib.sh"

timeout_s=${TASKER_ENGINES_TIMEOUT:-60}
[[ $(id -u) -eq 0 ]] || die "must run as root: sshd and slurmd switch users and own ports"

state=${1:-$engines_default_state}
mkdir -p "$state"
state=$(cd "$state" && pwd)
# The path goes into sshd's SetEnv and slurm.conf, which split values on white space.
[[ $state != *[[:space:]]* ]] || die "the state folder must not contain white space: $state"

for tool in sshd ssh ssh-keygen slurmctld slurmd srun sinfo squeue scancel scontrol timeout; do
  command -v "$tool" >/dev/null 2>&1 ||
    die "$tool is not installed (share/install-deps.sh installs the test engines)"
done

# Start from nothing: whatever an earlier start left in this folder is stopped and removed (stop.sh
# also ends a ControlMaster or a task left over when the daemons are already gone).
if [[ -d $state/ssh || -d $state/slurm ]]; then
  [[ -z $(daemon_pids "$state") ]] || note "engines of $state are running: stopping them first"
  "$here/stop.sh" "$state" || die "could not stop what an earlier start left running from $state"
fi
rm -rf "$state/ssh" "$state/slurm" "$state/ssh_config" "$state/slurm.conf" "$state/env.sh"
mkdir -p "$state/ssh/home" "$state/slurm/state" "$state/slurm/spool" "$state/slurm/log"

# fail ENGINE LOG MESSAGE: stop what was started, show the engine's log and exit.
fail() {
  echo "$engines_script: $1 did not start: $3" >&2
  if [[ -r $2 ]]; then
    echo "--- last lines of $2:" >&2
    tail -n 25 "$2" >&2
  fi
  "$here/stop.sh" "$state" >&2 || true
  exit 1
}

# wait_until SECONDS COMMAND...: polls COMMAND until it succeeds; false at the deadline.
wait_until() {
  local deadline=$((SECONDS + $1))
  shift
  until "$@" >/dev/null 2>&1; do
    ((SECONDS < deadline)) || return 1
    sleep 0.2
  done
}

# --- Ports ---------------------------------------------------------------------------------------
# Each state folder starts its search at its own offset, so that several checkouts of the project
# on one machine rarely race for the same port.
port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

free_port() {
  local first=$1 port
  shift
  for ((port = first; port < first + 200; port++)); do
    [[ " $* " == *" $port "* ]] && continue
    port_in_use "$port" || {
      echo "$port"
      return 0
    }
  done
  die "no free port in $first..$((first + 199))"
}

offset=$(($(printf '%s' "$state" | cksum | cut -d' ' -f1) % 500))
ssh_port=$(free_port $((22000 + offset)))
slurmctld_port=$(free_port $((23000 + offset)) "$ssh_port")
slurmd_port=$(free_port $((24000 + offset)) "$ssh_port" "$slurmctld_port")
run_id=$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')
user=$(id -un)

# --- OpenSSH -------------------------------------------------------------------------------------
ssh_dir=$state/ssh
ssh-keygen -q -t ed25519 -N '' -C "tasker-engines host key" -f "$ssh_dir/host_ed25519_key"
ssh-keygen -q -t ed25519 -N '' -C "tasker-engines user key" -f "$ssh_dir/user_ed25519_key"
cp "$ssh_dir/user_ed25519_key.pub" "$ssh_dir/authorized_keys"
# The client trusts exactly the throw-away host key; no prompt, no accept-new.
echo "[127.0.0.1]:$ssh_port $(cut -d' ' -f1,2 "$ssh_dir/host_ed25519_key.pub")" \
  >"$ssh_dir/known_hosts"
# sshd insists on its privilege separation folder (a package's tmpfiles.d makes it at boot).
mkdir -p /run/sshd

cat >"$ssh_dir/sshd_config" <<EOF
# Written by tests/engines/start.sh: a throw-away sshd for tasker's tests, not the system's.
ListenAddress 127.0.0.1:$ssh_port
HostKey $ssh_dir/host_ed25519_key
PidFile $ssh_dir/sshd.pid
AuthorizedKeysFile $ssh_dir/authorized_keys
AllowUsers $user
PermitRootLogin prohibit-password
AuthenticationMethods publickey
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
# The state folder may sit below folders whose modes StrictModes rejects (group-writable /tmp).
StrictModes no
# OpenSSH's default, written out: a client that sends at most 10 sessions through one master
# connection relies on it.
MaxSessions 10
X11Forwarding no
AllowAgentForwarding no
AllowTcpForwarding no
PrintMotd no
LogLevel INFO
# HOME: bash sources ~/.bashrc when sshd starts it, and the real one may be slow (a second per
# command with pyenv) or print; a home of its own keeps remote commands quick and quiet (they
# still start in the user's real home directory). TASKER_ENGINES_REMOTE marks every remote
# process, so that stop.sh finds the ones a test left behind.
SetEnv HOME=$ssh_dir/home TASKER_ENGINES_REMOTE=$state
EOF

cat >"$state/ssh_config" <<EOF
# Written by tests/engines/start.sh: use with ssh -F $state/ssh_config.
# h1, h2 and h3 are one sshd on 127.0.0.1:$ssh_port under three names.
Host h1 h2 h3
  HostName 127.0.0.1
  Port $ssh_port
# Nothing listens there (the sshd binds 127.0.0.1 only): refused at once, ssh exits 255.
Host dead
  HostName 127.0.0.2
  Port $ssh_port
Host *
  User $user
  IdentityFile $ssh_dir/user_ed25519_key
  IdentitiesOnly yes
  UserKnownHostsFile $ssh_dir/known_hosts
  GlobalKnownHostsFile /dev/null
  StrictHostKeyChecking yes
  BatchMode yes
  ConnectTimeout 10
  LogLevel ERROR
EOF

sshd=$(command -v sshd) # sshd re-executes itself and wants an absolute path
"$sshd" -t -f "$ssh_dir/sshd_config" >"$ssh_dir/sshd.log" 2>&1 ||
  fail "OpenSSH server" "$ssh_dir/sshd.log" "sshd -t rejected $ssh_dir/sshd_config"
"$sshd" -f "$ssh_dir/sshd_config" -E "$ssh_dir/sshd.log" ||
  fail "OpenSSH server" "$ssh_dir/sshd.log" "sshd exited with status $?"

# --- Slurm ---------------------------------------------------------------------------------------
slurm_dir=$state/slurm
cpus=$(nproc)
: >"$slurm_dir/plugstack.conf" # not the system's /etc/slurm/plugstack.conf
cat >"$state/slurm.conf" <<EOF
# Written by tests/engines/start.sh: a single-node cluster for tasker's tests.
ClusterName=tasker
# "localhost" is accepted as this machine whatever its host name.
SlurmctldHost=localhost(127.0.0.1)
SlurmctldPort=$slurmctld_port
SlurmdPort=$slurmd_port
SlurmUser=root
SlurmdUser=root
# No munge: nothing but loopback, and one user.
AuthType=auth/none
CredType=cred/none
# No cgroups in a container without systemd: a step's processes are its process groups.
ProctrackType=proctrack/pgid
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SwitchType=switch/none
MpiDefault=none
SchedulerType=sched/builtin
# A job that finds every CPU taken waits in the queue: with the main scheduling loop every second
# it starts about 1 s after a CPU is free, not 3 s (20 srun true by xargs -P 4 on 2 CPUs: 9-11 s
# against 25-31 s).
SchedulerParameters=sched_interval=1
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
PlugStackConfig=$slurm_dir/plugstack.conf
StateSaveLocation=$slurm_dir/state
SlurmdSpoolDir=$slurm_dir/spool
SlurmctldPidFile=$slurm_dir/slurmctld.pid
SlurmdPidFile=$slurm_dir/slurmd.pid
SlurmctldLogFile=$slurm_dir/log/slurmctld.log
SlurmdLogFile=$slurm_dir/log/slurmd.log
# Quick ends: KILL follows TERM 2 s after a cancel, ended jobs leave squeue after 2 s, a node
# that was down comes back as soon as its slurmd registers.
KillWait=2
MinJobAge=2
ReturnToService=2
InactiveLimit=0
Waittime=0
# Slurm's default: with 2 s srun returned 0 instead of the task's status after a cancel.
MessageTimeout=10
SlurmctldTimeout=30
SlurmdTimeout=30
NodeName=node1 NodeAddr=127.0.0.1 NodeHostname=localhost CPUs=$cpus State=UNKNOWN
PartitionName=debug Nodes=node1 Default=YES MaxTime=INFINITE State=UP
EOF

export SLURM_CONF=$state/slurm.conf
slurmctld -f "$SLURM_CONF" >"$slurm_dir/log/slurmctld.out" 2>&1 ||
  fail "slurmctld" "$slurm_dir/log/slurmctld.out" "slurmctld exited with status $?"
slurmd -f "$SLURM_CONF" -N node1 >"$slurm_dir/log/slurmd.out" 2>&1 ||
  fail "slurmd" "$slurm_dir/log/slurmd.out" "slurmd exited with status $?"

# --- Ready? --------------------------------------------------------------------------------------
ssh_cfg=(-F "$state/ssh_config")

wait_until "$timeout_s" timeout 20 ssh "${ssh_cfg[@]}" h1 true ||
  fail "OpenSSH server" "$ssh_dir/sshd.log" "ssh h1 true did not succeed within ${timeout_s}s"
for host in h1 h2 h3; do
  out=$(timeout 20 ssh "${ssh_cfg[@]}" "$host" 'echo "$TASKER_ENGINES_REMOTE"') ||
    fail "OpenSSH server" "$ssh_dir/sshd.log" "ssh $host failed"
  [[ $out == "$state" ]] || fail "OpenSSH server" "$ssh_dir/sshd.log" "ssh $host printed '$out'"
done

# A ControlMaster, one command through it, and its end.
control=$ssh_dir/control-check
timeout 20 ssh "${ssh_cfg[@]}" -o ControlMaster=yes -o ControlPath="$control" \
  -o ControlPersist=30 -f -N h1 ||
  fail "OpenSSH server" "$ssh_dir/sshd.log" "could not open a ControlMaster connection"
timeout 20 ssh "${ssh_cfg[@]}" -o ControlPath="$control" -O check h1 2>/dev/null ||
  fail "OpenSSH server" "$ssh_dir/sshd.log" "the ControlMaster does not answer -O check"
timeout 20 ssh "${ssh_cfg[@]}" -o ControlMaster=auto -o ControlPath="$control" h1 true ||
  fail "OpenSSH server" "$ssh_dir/sshd.log" "ssh through the ControlMaster failed"
timeout 20 ssh "${ssh_cfg[@]}" -o ControlPath="$control" -O exit h1 2>/dev/null ||
  fail "OpenSSH server" "$ssh_dir/sshd.log" "the ControlMaster did not exit on -O exit"

dead_status=0
dead_start=$SECONDS
timeout 20 ssh "${ssh_cfg[@]}" dead true 2>/dev/null || dead_status=$?
[[ $dead_status -eq 255 ]] ||
  fail "OpenSSH server" "$ssh_dir/sshd.log" "ssh dead true exited $dead_status, not 255"
((SECONDS - dead_start <= 5)) ||
  fail "OpenSSH server" "$ssh_dir/sshd.log" "ssh dead true took $((SECONDS - dead_start))s"

node_idle() {
  [[ $(sinfo -h -N -n node1 -o %T 2>/dev/null) == idle ]]
}
wait_until "$timeout_s" scontrol ping ||
  fail "slurmctld" "$slurm_dir/log/slurmctld.log" "scontrol ping failed for ${timeout_s}s"
wait_until "$timeout_s" node_idle ||
  fail "slurmd" "$slurm_dir/log/slurmd.log" \
    "node1 is '$(sinfo -h -N -n node1 -o %T 2>&1)', not idle, after ${timeout_s}s"
timeout "$timeout_s" srun -N1 -J tasker-engines-check true 2>"$slurm_dir/log/srun-check.err" ||
  fail "slurmd" "$slurm_dir/log/srun-check.err" "srun -N1 true failed"

# --- For the tests -------------------------------------------------------------------------------
cat >"$state/env.sh.new" <<EOF
# Written by tests/engines/start.sh; removed by stop.sh. Source it to use these engines.
export TASKER_ENGINES_DIR=$state
# A fresh id per start: tests put it in their markers, and look for leftovers by it.
export TASKER_ENGINES_RUN_ID=$run_id
export TASKER_SSH_CONFIG=$state/ssh_config
export TASKER_SSH_HOSTS="h1 h2 h3"
export TASKER_SSH_DEAD_HOST=dead
export TASKER_SSH_PORT=$ssh_port
export SLURM_CONF=$state/slurm.conf
export TASKER_SLURM_PARTITION=debug
export TASKER_SLURM_NODE=node1
export TASKER_SLURM_CPUS=$cpus
EOF
mv "$state/env.sh.new" "$state/env.sh"

note "OpenSSH server on 127.0.0.1:$ssh_port (hosts h1 h2 h3, dead), pid $(cat "$ssh_dir/sshd.pid")"
note "Slurm cluster tasker: slurmctld on $slurmctld_port" \
  "(pid $(cat "$slurm_dir/slurmctld.pid")), slurmd on $slurmd_port" \
  "(pid $(cat "$slurm_dir/slurmd.pid")), node1 with $cpus CPUs"
note "source $state/env.sh to use them; tests/engines/stop.sh $state stops them"
