#!/usr/bin/env python3
"""Deterministic reproduction of the ledger violation the crash suite finds: a refund whose
`refund.created` event is applied before its order's `order.placed` event takes back nothing,
and the order then earns its full points, so the refunded goods keep their points for good.

    ENCORE_BIN=/tmp/encore-bin/encore python3 scripts/crash/repro_refund_before_earning.py [--postgres-url URL]

How a crash gets there: the loyalty worker claims a batch (the claim commits on its own), is
killed, and the restarted worker claims the events after that batch first, because the killed
batch stays leased for two minutes. When an order's `order.placed` is in the killed batch and its
`refund.created` in the next one, the refund is applied first. This script makes the same state
without timing: it marks the batch up to and including `order.placed` as claimed by a worker
that died (what the killed `encore loyalty run` leaves), runs the worker, lets the lease lapse
(ages `claimed_at`), and runs it again. A control database gets the same events in order.

Exit 0 when the refund's points were taken back (fixed), 1 when they were not (the violation).
"""
import argparse
import datetime
import os
import sys
import tempfile
import time

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from crash import data  # noqa: E402
from crash.common import APIClient, Encore, PostgresDB, REPO, SQLiteDB, Server, kill_all_children, money  # noqa: E402
from crash.scenarios import new_store  # noqa: E402


def prepare(binary, folder, db):
    encore = Encore(binary, folder, db)
    key = new_store(encore)
    encore.run(["loyalty", "apply", "--defaults", "--store", "shop"])
    server = Server(encore, ["--no-workers"], name="intake")
    server.start()
    client = APIClient(server, key)
    placed = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0) - datetime.timedelta(days=5)
    lines = [("1", "SKU-001", "Product 1", "tea", 2, 5_000), ("2", "SKU-002", "Product 2", "gear", 1, 3_000)]
    client.post_json("/v1/orders", data.order_payload("R-1", "ada", lines, placed))
    client.post_json("/v1/refunds", {
        "id": "RF-1", "order_id": "R-1", "amount": money(5_000), "created_at": data.iso(placed + datetime.timedelta(days=1)),
        "lines": [{"line_id": "1", "quantity": 1, "amount": money(5_000)}]})
    server.stop()
    if client.errors:
        raise SystemExit(f"setup refused: {client.errors}")
    return encore


def balance(encore):
    out = encore.run(["loyalty", "show", "--customer", "ada"]).stdout
    return out.splitlines()[1]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--postgres-url", help="run on PostgreSQL (scratch databases made and dropped)")
    args = parser.parse_args()
    binary = os.path.abspath(os.environ.get("ENCORE_BIN") or os.path.join(REPO, ".build", "debug", "encore"))
    folder = tempfile.mkdtemp(prefix="encore-repro-")
    if args.postgres_url:
        suffix = f"{os.getpid()}_{int(time.time()) % 100000}"
        control = PostgresDB.create(args.postgres_url, f"repro_control_{suffix}")
        crashed = PostgresDB.create(args.postgres_url, f"repro_crashed_{suffix}")
    else:
        control, crashed = SQLiteDB(os.path.join(folder, "control.sqlite")), SQLiteDB(os.path.join(folder, "crashed.sqlite"))
    try:
        # Control: the events in the order they were logged.
        encore = prepare(binary, folder, control)
        encore.run(["loyalty", "run"])
        print(f"in order:          {balance(encore)}")

        encore = prepare(binary, folder, crashed)
        queued = crashed.query(
            "SELECT e.id, e.type FROM loyalty_inbox q JOIN events e ON e.store_id = q.store_id AND e.id = q.event_id "
            "ORDER BY q.enqueued_at, q.event_id")
        print("queued:", ", ".join(f"{i} {t}" for i, t in queued))
        placed_id = next(i for i, t in queued if t == "order.placed")
        now_ms = int(time.time() * 1000)
        # What a worker killed after claiming the batch that ends with order.placed leaves behind.
        crashed.execute(f"UPDATE loyalty_inbox SET claim = 'killed-worker', claimed_at = {now_ms} "
                        f"WHERE event_id <= {placed_id}")
        first = encore.run(["loyalty", "run"]).stdout.splitlines()[0]
        print(f"restarted worker:  {first}  (the killed batch is leased)")
        crashed.execute("UPDATE loyalty_inbox SET claimed_at = claimed_at - 200000 WHERE claim IS NOT NULL")
        second = encore.run(["loyalty", "run"]).stdout.splitlines()[0]
        print(f"after the lease:   {second}")
        print(f"after the crash:   {balance(encore)}")
        verify = encore.run(["loyalty", "verify"], check=False)
        print(f"loyalty verify:    {verify.stdout.strip()} (exit {verify.returncode})")
        reversals = crashed.query("SELECT posting_key, points FROM loyalty_postings WHERE kind = 'reverse'")
        control_reversals = control.query("SELECT posting_key, points FROM loyalty_postings WHERE kind = 'reverse'")
        print(f"reversal postings: {reversals or 'none'}; in order: {control_reversals}")
        if reversals != control_reversals:
            print("VIOLATION: the refund's points were never taken back")
            return 1
        print("ok: the refund took its points back")
        return 0
    finally:
        kill_all_children()
        if args.postgres_url:
            control.drop()
            crashed.drop()


if __name__ == "__main__":
    sys.exit(main())
