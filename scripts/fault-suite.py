#!/usr/bin/env python3
"""Fault suite: break what Encore depends on while it works, and check that every message is
retried, the failure is reported (admin outbox page, /metrics), nothing is lost or sent twice,
and the server recovers by itself once the fault is gone (same process, no restart).

    scripts/fault-suite.py [--only NAME[,NAME...]] [--skip NAME[,...]] [--jobs N] [--keep] [--list]

Scenarios (each on a fresh database with its own `encore serve`, ENCORE_RETRY_BASE_MS=250 and
ENCORE_OUTBOX_LEASE_MS=10000 unless --retry-ms / --lease-ms say otherwise):

  smtp-down             no SMTP listener while 20 orders come in, then a real one on the port.
  smtp-slow             the relay waits --slow-seconds (30) before every reply; Encore's default
                        command timeout is 60 s, so mail must be slow, not failed. A webhook queued
                        meanwhile must not wait for the slow batch. Then the relay is fast again.
  smtp-slow-pipelining  the same with PIPELINING offered (as Postfix does).
  smtp-4xx-5xx          421 at the greeting, then 451 to every RCPT (retried, then delivered once
                        250 comes back); 550 for two addresses (failed at once, suppressed as a
                        bounce, never retried, a later message to them skipped).
  sms-webhook           the Twilio-shaped SMS endpoint (sms+http://..., timeout=3) and a journey's
                        webhook endpoint hang, then answer 500, then 201.
  sqlite-disk-full      the SQLite database on a 16 MiB tmpfs, filled up under steady ingest:
                        clean 5xx JSON answers, no crash; then space is freed and writes resume.
                        Needs root (mount).
  postgres-restart      a private cluster (scripts/start-postgres.sh on a free port) restarted with
                        `pg_ctl restart -m fast` under steady ingest: clean 5xx JSON or 201, every
                        201 stored and mailed exactly once, the workers resume. Needs root.

Scenarios run in parallel (--jobs, default: all at once), each in a child process; the whole
suite takes about as long as the slowest scenario (smtp-slow: about 6 replies x --slow-seconds).
One line per scenario: what was injected, the attempts seen, what was reported, the recovery
time and the verdict. Exit status: 0 all passed, 1 a failed expectation, 2 could not run.
The binary is $ENCORE_BIN (default .build/debug/encore). Needs python3 with aiosmtpd; psql and
PostgreSQL's server binaries for postgres-restart.
"""
import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
REPO = os.path.dirname(HERE)


def scenario_names():
    from faults.scenarios import SCENARIOS
    return list(SCENARIOS)


def run_worker(args):
    """One scenario in this process; its result as JSON in --result."""
    from faults.harness import Failure, kill_all_children
    from faults.scenarios import SCENARIOS, Context, Result

    def interrupted(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupted)
    os.makedirs(args.workdir, exist_ok=True)
    ctx = Context(args.binary, args.workdir, args.retry_ms, args.lease_ms, args.slow_seconds,
                  lambda text: print(text, flush=True))
    began = time.monotonic()
    status = "ran"
    try:
        result = SCENARIOS[args.worker](ctx)
    except Failure as error:
        result, status = Result(args.worker), "error"
        result.problems.append(f"could not run: {error}")
    except KeyboardInterrupt:
        result, status = Result(args.worker), "error"
        result.problems.append("interrupted")
    except Exception:
        result, status = Result(args.worker), "error"
        result.problems.append("suite error: " + traceback.format_exc()[-1500:])
    finally:
        kill_all_children()
    result.seconds = time.monotonic() - began
    payload = result.to_json()
    payload["status"] = status
    with open(args.result, "w") as f:
        json.dump(payload, f)
    return 0


def line(result):
    verdict = "PASS" if not result["problems"] else ("ERROR" if result["status"] == "error" else "FAIL")
    recovery = f"{result['recovery']:.1f} s" if result.get("recovery") is not None else "-"
    return (f"{result['name']:<21} {verdict:<5} {result['seconds']:5.0f} s | injected: {result['injected'] or '-'} | "
            f"{result['attempts'] or '-'} | reported: {result['reported'] or '-'} | recovered in {recovery}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", help="comma-separated scenario names (see --list)")
    parser.add_argument("--skip", help="comma-separated scenario names to leave out")
    parser.add_argument("--list", action="store_true", help="print the scenario names and exit")
    parser.add_argument("--jobs", type=int, default=0, help="scenarios at once (default: all)")
    parser.add_argument("--keep", action="store_true", help="keep the work folder (logs, received mail)")
    parser.add_argument("--retry-ms", type=int, default=250, help="ENCORE_RETRY_BASE_MS (default 250)")
    parser.add_argument("--lease-ms", type=int, default=10_000, help="ENCORE_OUTBOX_LEASE_MS (default 10000)")
    parser.add_argument("--slow-seconds", type=float, default=30.0, help="delay per SMTP reply in smtp-slow* (30)")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--workdir", help=argparse.SUPPRESS)
    parser.add_argument("--result", help=argparse.SUPPRESS)
    parser.add_argument("--binary", help=argparse.SUPPRESS)
    args = parser.parse_args()

    try:
        import aiosmtpd  # noqa: F401  (the sinks need it)
    except ImportError:
        print("fault-suite: needs aiosmtpd (pip install aiosmtpd)", file=sys.stderr)
        return 2
    names = scenario_names()
    if args.list:
        print("\n".join(names))
        return 0
    if args.worker:
        return run_worker(args)

    binary = os.path.abspath(os.environ.get("ENCORE_BIN") or os.path.join(REPO, ".build", "debug", "encore"))
    if not os.access(binary, os.X_OK):
        print(f"fault-suite: no encore binary at {binary} (set ENCORE_BIN or build first)", file=sys.stderr)
        return 2
    chosen = args.only.split(",") if args.only else names
    skipped = args.skip.split(",") if args.skip else []
    unknown = [n for n in chosen + skipped if n not in names]
    chosen = [n for n in chosen if n not in skipped]
    if unknown:
        parser.error(f"unknown scenario(s) {', '.join(unknown)}; known: {', '.join(names)}")
    if os.geteuid() != 0:
        needs_root = [n for n in chosen if n in ("sqlite-disk-full", "postgres-restart")]
        if needs_root:
            print(f"fault-suite: {', '.join(needs_root)} need root (mount, pg_ctl as postgres)", file=sys.stderr)
            return 2

    root = tempfile.mkdtemp(prefix="encore-faults-")
    os.chmod(root, 0o755)   # postgres-restart's cluster lives below it
    print(f"fault suite: {len(chosen)} scenario(s), binary {binary}, retry base {args.retry_ms} ms, lease "
          f"{args.lease_ms} ms, work folder {root}", flush=True)
    jobs = args.jobs or len(chosen)
    waiting = list(chosen)
    running = {}
    results = {}
    began = time.monotonic()

    def launch(name):
        workdir = os.path.join(root, name)
        os.makedirs(workdir)
        log = open(os.path.join(workdir, "suite.log"), "wb")
        process = subprocess.Popen(
            [sys.executable, os.path.abspath(__file__), "--worker", name, "--workdir", workdir,
             "--result", os.path.join(workdir, "result.json"), "--binary", binary,
             "--retry-ms", str(args.retry_ms), "--lease-ms", str(args.lease_ms),
             "--slow-seconds", str(args.slow_seconds)],
            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        log.close()
        running[name] = process

    def stop_all(signum=None, frame=None):
        for process in running.values():
            if process.poll() is None:
                process.terminate()
        for process in running.values():
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                process.kill()
        if signum is not None:
            print(f"interrupted; work folder {root}", flush=True)
            sys.exit(130)

    signal.signal(signal.SIGINT, stop_all)
    signal.signal(signal.SIGTERM, stop_all)
    while waiting or running:
        while waiting and len(running) < jobs:
            launch(waiting.pop(0))
        time.sleep(0.5)
        for name, process in list(running.items()):
            if process.poll() is None:
                continue
            del running[name]
            path = os.path.join(root, name, "result.json")
            try:
                with open(path) as f:
                    results[name] = json.load(f)
            except (OSError, ValueError):
                results[name] = {"name": name, "status": "error", "injected": "", "attempts": "", "reported": "",
                                 "recovery": None, "notes": [], "seconds": time.monotonic() - began,
                                 "problems": [f"the scenario process exited {process.returncode} without a result; "
                                              f"see {os.path.join(root, name, 'suite.log')}"]}
            print(line(results[name]), flush=True)
            for note in results[name]["notes"]:
                print(f"    · {note}", flush=True)
            for problem in results[name]["problems"]:
                print(f"    ✘ {problem}", flush=True)

    elapsed = time.monotonic() - began
    failed = [n for n in chosen if results[n]["problems"]]
    errors = [n for n in chosen if results[n]["status"] == "error"]
    print("\nsummary:", flush=True)
    for name in chosen:
        print("  " + line(results[name]), flush=True)
    if failed:
        print(f"fault suite FAILED: {', '.join(failed)} ({elapsed:.0f} s); work folder kept: {root}", flush=True)
    else:
        print(f"fault suite passed: {len(chosen)} scenario(s) in {elapsed:.0f} s", flush=True)
        if args.keep:
            print(f"work folder kept: {root}", flush=True)
        else:
            shutil.rmtree(root, ignore_errors=True)
    if errors and len(errors) == len(failed):
        return 2
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
