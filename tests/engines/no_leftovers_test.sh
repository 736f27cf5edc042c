#!/usr/bin/env bash
# Runs after every test that uses the engines (the cleanup of the CTest fixture "engines"): none
# of them may have left a process with a marker of this start of the engines, a command running
# through the sshd, a Slurm task or slurmstepd, an ssh client on the engines' ssh_config (a
# ControlMaster left open), or a job in squeue.
# shellcheck source=SCRIPTDIR/testlib.sh
. "$(dirname "$0")/testlib.sh"
engines_script=no_leftovers_test.sh
# shellcheck source=SCRIPTDIR/lib.sh
. "$(dirname "$0")/lib.sh"

# Jobs end a few seconds after their srun (10 s after a cancelled task that ignored TERM).
deadline=$((SECONDS + 30))
until [[ -z $(squeue -h -o %i) ]]; do
  ((SECONDS < deadline)) || fail "jobs left in squeue after 30 s: $(squeue)"
  sleep 0.2
done

expect_no_marked_processes 10 "$marker_prefix"

deadline=$((SECONDS + 10))
while :; do
  mapfile -t pids < <(engine_processes "$TASKER_ENGINES_DIR")
  ((${#pids[@]} == 0)) && break
  if ((SECONDS >= deadline)); then
    describe_processes "${pids[@]}" >&2
    fail "${#pids[@]} processes of the engines left by the tests"
  fi
  sleep 0.2
done
echo "PASS: no job, no marked process, no process of the engines left"
