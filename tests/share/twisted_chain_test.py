"""tasker chain against real Twisted: the same chains run through `tasker --json chain` and
through a twisted.internet.defer.Deferred built level for level, and both must agree on which
steps ran, in which order, with which status handed to them, and how the chain ended.

    python3 twisted_chain_test.py TASKER

Exits 0 when they agree, 1 when they do not (each difference on stderr), 125 (skipped) when
Twisted is not installed.

A step is a shell exit status. In Twisted a step that "exits N" returns None for 0 and raises
Exited[N] otherwise; Exited[N] is a class of its own per status, so `--trap LIST` is the real
Failure.trap over those classes. `--finally` is addBoth(cleanup; return result), as tasker's
README describes it.
"""

import json
import os
import subprocess
import sys
import tempfile

try:
    from twisted.internet import defer
    from twisted.python import failure
except ImportError:
    print("SKIP: python3-twisted is not installed")
    sys.exit(125)


class Exited(Exception):
    def __init__(self, status):
        super().__init__(f"exited with {status}")
        self.status = status


_classes = {}


def exited(status):
    """The exception class of one status, made once, so trap() can tell statuses apart."""
    if status not in _classes:
        _classes[status] = type(f"Exited{status}", (Exited,), {})
    return _classes[status]


def trap_classes(items):
    return [exited(s) for item in items for s in (range(item[0], item[1] + 1)
                                                  if isinstance(item, tuple) else [item])]


# Each chain: CMD's status, then its levels. A level is (kind, status) or
# ("catch", status, trap) or ("callbacks", cb_status, eb_status). `trap` is a list of
# statuses and (low, high) ranges.
CHAINS = {
    "then-fails-catch-recovers": [0, ("then", 1), ("then", 0), ("catch", 0), ("finally", 0)],
    "trap-miss-then-hit": [3, ("catch", 0, [1, 2]), ("catch", 0, [3]), ("then", 0)],
    "trap-range": [5, ("catch", 0, [(4, 6)]), ("then", 2)],
    "callbacks-one-level": [0, ("callbacks", 5, 0), ("then", 0)],
    "then-catch-two-levels": [0, ("then", 5), ("catch", 0), ("then", 0)],
    "callbacks-errback-recovers": [2, ("callbacks", 0, 0), ("then", 4), ("catch", 9)],
    "both-recovers-then-fails": [1, ("both", 0), ("then", 4), ("finally", 0)],
    "finally-keeps-failure": [3, ("finally", 0), ("then", 0)],
    "finally-fails": [0, ("finally", 6), ("catch", 0, [6]), ("then", 0)],
    "catch-raises-stays-errback": [1, ("catch", 2), ("then", 0), ("catch", 0, [2])],
    "success-skips-errbacks": [0, ("catch", 3), ("callbacks", 0, 8), ("both", 7)],
    "trap-miss-ends-failed": [4, ("catch", 0, [1, 2, 3]), ("then", 0)],
}


def step_name(index, level):
    return f"{level[0]}#{index + 1}"


# --- Twisted ---------------------------------------------------------------------------------


def run_twisted(chain):
    """Runs the chain on a real Deferred; returns (steps run, final status)."""
    ran = []  # (step name, status it received)

    def step(name, status):
        def run(result):
            received = result.value.status if isinstance(result, failure.Failure) else 0
            ran.append((name, received))
            if status != 0:
                raise exited(status)(status)
            return None

        return run

    def cleanup(name, status):
        run = step(name, status)

        def both(result):
            run(result)  # raises when the cleanup fails: its failure replaces the result
            return result

        return both

    d = defer.Deferred()
    d.addCallback(step("cmd", chain[0]))
    for i, level in enumerate(chain[1:]):
        kind, name = level[0], step_name(i, level)
        if kind == "then":
            d.addCallback(step(name, level[1]))
        elif kind == "catch" and len(level) == 3:
            classes = trap_classes(level[2])
            run = step(name, level[1])

            def trapped(f, classes=classes, run=run):
                f.trap(*classes)  # re-raises the failure when it does not match (A12)
                return run(f)

            d.addErrback(trapped)
        elif kind == "catch":
            d.addErrback(step(name, level[1]))
        elif kind == "both":
            d.addBoth(step(name, level[1]))
        elif kind == "finally":
            d.addBoth(cleanup(name, level[1]))
        elif kind == "callbacks":
            d.addCallbacks(step(name, level[1]), step(name, level[2]))
        else:
            raise ValueError(kind)
    # CMD receives no current result: model it as a success.
    outcome = []
    d.addCallbacks(lambda _: outcome.append(0), lambda f: outcome.append(f.value.status))
    d.callback(None)
    return ran, outcome[0]


# --- tasker ----------------------------------------------------------------------------------


def run_tasker(tasker, chain, folder):
    """Runs the chain through `tasker --json chain`; returns (steps run, status, report)."""
    log = os.path.join(folder, "log")
    if os.path.exists(log):
        os.remove(log)

    def command(name, status):
        return f'echo "{name} $TASKER_STATUS" >> {log}; exit {status}'

    args = [tasker, "--json", "chain", command("cmd", chain[0])]
    for i, level in enumerate(chain[1:]):
        kind, name = level[0], step_name(i, level)
        if kind == "callbacks":
            args += ["--callbacks", command(name, level[1]), command(name, level[2])]
            continue
        args += [f"--{kind}", command(name, level[1])]
        if kind == "catch" and len(level) == 3:
            items = [f"{x[0]}-{x[1]}" if isinstance(x, tuple) else str(x) for x in level[2]]
            args += ["--trap", ",".join(items)]
    done = subprocess.run(args, capture_output=True, text=True, timeout=60)
    ran = []
    if os.path.exists(log):
        with open(log) as lines:
            for line in lines:
                words = line.split()
                # CMD gets no TASKER_* variables: an empty TASKER_STATUS, as Twisted's 0.
                ran.append((words[0], int(words[1]) if len(words) > 1 else 0))
    return ran, done.returncode, json.loads(done.stdout), done.stderr


def main():
    if len(sys.argv) != 2:
        print("usage: twisted_chain_test.py TASKER", file=sys.stderr)
        return 2
    tasker = os.path.abspath(sys.argv[1])
    problems = []
    with tempfile.TemporaryDirectory() as folder:
        for title, chain in CHAINS.items():
            before = len(problems)
            want_ran, want_status = run_twisted(chain)
            got_ran, got_status, report, err = run_tasker(tasker, chain, folder)
            want_fired = "callback" if want_status == 0 else "errback"
            if got_ran != want_ran:
                problems.append(f"{title}: steps ran {got_ran}, Twisted ran {want_ran}")
            if got_status != want_status:
                problems.append(f"{title}: status {got_status}, Twisted ended with {want_status}"
                                f" ({err.strip()})")
            if report.get("fired") != want_fired:
                problems.append(f"{title}: report fired {report.get('fired')}, "
                                f"Twisted {want_fired}")
            # The report's `ran` per level says the same as the log.
            ran_names = {name for name, _ in want_ran}
            for level in report.get("levels", []):
                if bool(level["ran"]) != (level["name"] in ran_names):
                    problems.append(f"{title}: level {level['name']} ran={level['ran']}")
            print(f"{title}: {len(want_ran)} steps, status {want_status}: "
                  f"{'agree' if len(problems) == before else 'differ'}")
    for problem in problems:
        print("FAIL: " + problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
