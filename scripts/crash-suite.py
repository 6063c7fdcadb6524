#!/usr/bin/env python3
"""Crash suite: kill -9 Encore at random moments and check that nothing was lost or done twice.

    scripts/crash-suite.py [--kills 50] [--full] [--seed N] [--postgres-url URL] [--only import,api,...]

Scenarios, each on SQLite (a temporary file) and on PostgreSQL (a fresh database per scenario run,
made and dropped through psql) when --postgres-url or $ENCORE_TEST_POSTGRES_URL is set:

  import    `encore import` of a generated CSV (or --cdnow FILE) killed at uniformly random moments
            within the time a clean import takes, re-run until it completes: after every kill the
            stored orders are whole orders of the file; at the end they equal a clean import's, and a
            further import changes nothing.
  api       four client threads post orders (some updated, some replayed), event batches with
            idempotency keys and signed Shopify webhooks while `encore serve` is killed and
            restarted; a request without an answer is sent again. Afterwards every acknowledged
            order, event and webhook delivery is stored exactly once, with its derived events.
  journeys  a published journey (email, webhook, wait 2s, email, wait 2s, email) for orders posted
            while serve is killed during scheduler batches and outbox flushes (SMTP and HTTP
            sinks record every message). Afterwards every message reached its receiver, no step
            ran twice (journey_log, outbox), each step has one Message-ID, and a Message-ID that
            arrived twice had a kill between its arrivals (in flight).
  ledger    live orders, deliveries, refunds and cancellations queued for the default loyalty
            program; `encore loyalty run` is killed mid-replay repeatedly. After every kill `encore
            loyalty verify` is clean; at the end the postings, lots, accounts, tiers and
            points.earned events equal those of a clean run on a copy of the same data.

Kills are spread over the scenarios (--kills per backend, at least 50 by default; --full: 400 and
larger data). Delays are uniformly random from a seeded generator; the seed is printed, and
--seed repeats a run's choices. The binary is $ENCORE_BIN (default .build/debug/encore).
Exit status: 0 all invariants held; 1 an invariant was violated (each is described); 2 the suite
could not run (a setup failure, or CI=true without PostgreSQL).
"""
import argparse
import os
import random
import shutil
import signal
import sys
import tempfile
import time

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from crash.common import REPO, Failure, kill_all_children, postgres_reachable  # noqa: E402
from crash.scenarios import SCENARIOS, Context  # noqa: E402


def allocate(total, names):
    """Kills per scenario in proportion to their weights, adding up to `total`."""
    weights = {name: SCENARIOS[name][1] for name in names}
    scale = sum(weights.values())
    shares = {name: int(total * w / scale) for name, w in weights.items()}
    for name in sorted(names, key=lambda n: -(total * weights[n] / scale - shares[n]))[: total - sum(shares.values())]:
        shares[name] += 1
    return shares


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--kills", type=int, help="kills per backend (default 50; 400 with --full)")
    parser.add_argument("--full", action="store_true", help="the long form: more kills, larger data")
    parser.add_argument("--seed", type=int, help="the random seed (default: a new one, printed)")
    parser.add_argument("--postgres-url", default=os.environ.get("ENCORE_TEST_POSTGRES_URL"),
                        help="a PostgreSQL server to make scratch databases on (default $ENCORE_TEST_POSTGRES_URL)")
    parser.add_argument("--no-sqlite", action="store_true", help="PostgreSQL only")
    parser.add_argument("--only", help="comma-separated scenarios: " + ",".join(SCENARIOS))
    parser.add_argument("--cdnow", help="import this CDNOW log instead of a generated CSV")
    parser.add_argument("--keep", action="store_true", help="keep the work folder (logs, sink messages)")
    args = parser.parse_args()

    binary = os.environ.get("ENCORE_BIN") or os.path.join(REPO, ".build", "debug", "encore")
    binary = os.path.abspath(binary)
    if not os.access(binary, os.X_OK):
        print(f"crash-suite: no encore binary at {binary} (set ENCORE_BIN or build first)", file=sys.stderr)
        return 2
    kills = args.kills if args.kills is not None else (400 if args.full else 50)
    names = args.only.split(",") if args.only else list(SCENARIOS)
    unknown = [n for n in names if n not in SCENARIOS]
    if unknown:
        parser.error(f"unknown scenario(s): {', '.join(unknown)}")
    if kills < len(names):
        parser.error(f"--kills must be at least {len(names)} (one per scenario)")
    backends = [] if args.no_sqlite else ["sqlite"]
    ci = os.environ.get("CI", "").lower() in ("1", "true", "yes")
    if args.postgres_url:
        if not postgres_reachable(args.postgres_url):
            print(f"crash-suite: PostgreSQL at the given URL does not answer", file=sys.stderr)
            return 2
        backends.append("postgres")
    elif ci:
        print("crash-suite: CI=true but no PostgreSQL (--postgres-url or ENCORE_TEST_POSTGRES_URL): failing rather "
              "than skipping", file=sys.stderr)
        return 2
    else:
        print("note: no PostgreSQL URL: SQLite only (CI=true makes this an error)")
    if not backends:
        parser.error("no backend left to run")

    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(1, 2**31)
    root = tempfile.mkdtemp(prefix="encore-crash-")
    run_id = f"{os.getpid()}_{int(time.time()) % 100000}"
    shares = allocate(kills, names)
    print(f"crash suite: seed {seed}, {kills} kills per backend ({', '.join(f'{n} {shares[n]}' for n in names)}), "
          f"backends {', '.join(backends)}, binary {binary}, work folder {root}", flush=True)

    def interrupted(signum, frame):
        kill_all_children()
        sys.exit(130)

    signal.signal(signal.SIGTERM, interrupted)
    signal.signal(signal.SIGINT, interrupted)

    def log(text):
        print(text, flush=True)

    results = []
    failed_to_run = False
    started = time.monotonic()
    for backend in backends:
        base = Context(binary, root, backend, args.postgres_url, seed, kills, args.full, log,
                       cdnow=args.cdnow, run_id=run_id)
        for name in names:
            ctx = base.for_scenario(name, shares[name])
            began = time.monotonic()
            try:
                result = SCENARIOS[name][0](ctx)
            except Failure as error:
                from crash.scenarios import Result
                result = Result(name, backend)
                result.error = str(error)
                failed_to_run = True
            finally:
                kill_all_children()
                ctx.cleanup()
            result.seconds = time.monotonic() - began
            results.append(result)
            verdict = "ok" if result.ok else ("ERROR" if result.error else f"VIOLATED ({len(result.violations)})")
            log(f"{result.scenario:<10} {backend:<8} kills {result.kills:>4}  restarts {result.restarts:>4}  "
                f"records {result.records:>7}  {result.seconds:6.1f} s  {verdict}"
                + (f"  [{'; '.join(result.notes)}]" if result.notes else ""))
            for violation in result.violations[:25]:
                log(f"    ✘ {violation}")
            if len(result.violations) > 25:
                log(f"    ... and {len(result.violations) - 25} more")
            if result.error:
                log(f"    could not run: {result.error}")

    total_kills = {b: sum(r.kills for r in results if r.backend == b) for b in backends}
    violations = sum(len(r.violations) for r in results)
    elapsed = time.monotonic() - started
    summary = ", ".join(f"{b} {k} kills" for b, k in total_kills.items())
    if violations == 0 and not failed_to_run:
        log(f"crash suite passed: {summary}, {sum(r.records for r in results)} records checked, "
            f"{elapsed:.0f} s (seed {seed})")
    else:
        log(f"crash suite FAILED: {violations} violated invariant(s)"
            + (", some scenarios could not run" if failed_to_run else "") + f"; {summary}; {elapsed:.0f} s (seed {seed}; "
            f"repeat with --seed {seed})")
    short = [b for b, k in total_kills.items() if k < min(kills, 50) and not failed_to_run]
    if short:
        log(f"note: fewer kills than asked on {', '.join(short)}")
    if args.keep or violations or failed_to_run:
        log(f"work folder kept: {root}")
    else:
        shutil.rmtree(root, ignore_errors=True)
    if failed_to_run:
        return 2
    return 1 if violations else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    finally:
        kill_all_children()
