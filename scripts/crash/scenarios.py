"""The crash suite's scenarios: each kills Encore at random moments and then checks what survived.

Every scenario takes a Context and returns a Result (kills, restarts, records checked, violations).
"""
import collections
import datetime
import os
import random
import subprocess
import threading
import time

from . import data
from .common import (
    APIClient, Encore, Failure, PostgresDB, SQLiteDB, Server, Sink, header, kill9, money)

WEBHOOK_SECRET = "crash-suite-secret"


class Result:
    def __init__(self, scenario, backend):
        self.scenario = scenario
        self.backend = backend
        self.kills = 0
        self.restarts = 0
        self.records = 0
        self.violations = []
        self.notes = []
        self.seconds = 0.0
        self.error = None

    def violate(self, message):
        self.violations.append(message)

    @property
    def ok(self):
        return not self.violations and self.error is None


class Context:
    def __init__(self, binary, root, backend, postgres_url, seed, kills, full, log, cdnow=None, run_id="x"):
        self.binary = binary
        self.backend = backend
        self.postgres_url = postgres_url
        self.seed = seed
        self.kills = kills
        self.full = full
        self.log = log
        self.cdnow = cdnow
        self.run_id = run_id
        self.root = root
        self.databases = []

    def for_scenario(self, scenario, kills):
        """A copy with its own folder, random generator and kill budget."""
        copy = Context(self.binary, self.root, self.backend, self.postgres_url, self.seed, kills, self.full, self.log,
                       self.cdnow, self.run_id)
        copy.scenario = scenario
        copy.workdir = os.path.join(self.root, f"{self.backend}-{scenario}")
        os.makedirs(copy.workdir, exist_ok=True)
        copy.rng = random.Random(f"{self.seed}:{self.backend}:{scenario}")
        return copy

    def database(self, name):
        if self.backend == "sqlite":
            db = SQLiteDB(os.path.join(self.workdir, name + ".sqlite"))
            db.drop()
        else:
            db = PostgresDB.create(self.postgres_url, f"crash_{self.run_id}_{name}")
        self.databases.append(db)
        return db

    def clone(self, db, name):
        copy = db.clone(name if self.backend == "sqlite" else f"crash_{self.run_id}_{name}")
        self.databases.append(copy)
        return copy

    def drop(self, db):
        db.drop()
        if db in self.databases:
            self.databases.remove(db)

    def cleanup(self):
        for db in list(self.databases):
            try:
                db.drop()
            except Exception as error:  # noqa: BLE001 - cleanup is best effort
                self.log(f"  note: could not drop {db.name}: {error}")
        self.databases = []

    def kills_per_round(self):
        """Kills before a round (a fresh database) is let finish: more in the long form."""
        return (6, 12) if self.full else (3, 6)

    def size(self, what):
        short = {"import": 6_000, "journeys": 200, "ledger": 300}
        full = {"import": 60_000, "journeys": 1_200, "ledger": 1_500}
        return (full if self.full else short)[what]


def listing(items, limit=8):
    items = list(items)
    shown = ", ".join(str(i) for i in items[:limit])
    return shown + (f", ... ({len(items)} in all)" if len(items) > limit else "")


def new_store(encore):
    encore.run(["stores", "create", "shop", "--webhook-secret", WEBHOOK_SECRET])
    return encore.run(["keys", "create", "--store", "shop"]).stdout.strip()


def kill_loop(ctx, server, kills, low, high, result, kill_times, between=None):
    """Kills `server` `kills` times, each after a uniformly random delay in [low, high] seconds from
    the moment it answered /health, and starts it again at once. `between()` runs after each kill,
    before the restart (a check of the state the crash left)."""
    for _ in range(kills):
        time.sleep(ctx.rng.uniform(low, high))
        if server.kill9():
            kill_times.append(time.time())
            result.kills += 1
        else:
            result.violate(f"{server.name} had exited by itself before kill {result.kills + 1}:\n{server.log_tail(15)}")
        if between is not None:
            between()
        server.start()
        result.restarts += 1


# MARK: (a) import

def order_fingerprint(db):
    if not db.has_table("line_items"):
        return {}  # killed before the first migration committed
    rows = db.query(
        """
        SELECT o.order_key, o.total, COUNT(l.line_key), COALESCE(SUM(l.total), 0), o.customer_key
        FROM orders o LEFT JOIN line_items l ON l.store_id = o.store_id AND l.order_key = o.order_key
        GROUP BY o.order_key, o.total, o.customer_key
        """)
    return {key: (int(total), int(count), int(line_sum), customer) for key, total, count, line_sum, customer in rows}


def compare_orders(expected, stored, what, partial=False):
    """Differences between the orders expected {key: (total, lines, customer)} and those stored."""
    problems = []
    unknown = sorted(set(stored) - set(expected))
    if unknown:
        problems.append(f"{what}: {len(unknown)} order(s) that are not in the input: {listing(unknown)}")
    if not partial:
        lost = sorted(set(expected) - set(stored))
        if lost:
            problems.append(f"{what}: {len(lost)} order(s) LOST: {listing(lost)}")
    wrong = []
    for key, (total, count, line_sum, customer) in stored.items():
        if key not in expected:
            continue
        want_total, want_count, want_customer = expected[key]
        if (total, count, line_sum, customer) != (want_total, want_count, want_total, want_customer):
            wrong.append(f"{key} stored total {total} with {count} line(s) summing {line_sum} for {customer}, "
                         f"expected {want_total} with {want_count} for {want_customer}")
    if wrong:
        problems.append(f"{what}: {len(wrong)} order(s) stored incompletely or wrongly: {listing(wrong, 4)}")
    return problems


def scenario_import(ctx):
    result = Result("import", ctx.backend)
    if ctx.cdnow:
        path, fmt = ctx.cdnow, "cdnow"
        expected = data.cdnow_expected(path)
    else:
        path, fmt = os.path.join(ctx.workdir, "orders.csv"), "csv"
        expected = data.generate_csv(path, ctx.rng, ctx.size("import"))
    args = ["import", path, "--format", fmt, "--store", "crash"]

    # A clean import: the reference, and how long one takes here (the window the kills fall in).
    reference = ctx.database("import_ref")
    started = time.monotonic()
    Encore(ctx.binary, ctx.workdir, reference).run(args)
    window = time.monotonic() - started
    clean = order_fingerprint(reference)
    for problem in compare_orders(expected, clean, "the clean import"):
        result.violate(problem)
    ctx.drop(reference)
    result.notes.append(f"clean import {window:.1f} s, {len(expected)} orders")

    remaining = ctx.kills
    round_number = 0
    while remaining > 0:
        round_number += 1
        db = ctx.database(f"import_{round_number}")
        encore = Encore(ctx.binary, ctx.workdir, db)
        planned = min(remaining, ctx.rng.randint(*ctx.kills_per_round()))
        killed = 0
        while killed < planned:
            process = encore.start(args, "import.log")
            delay = ctx.rng.uniform(0, window)
            try:
                process.wait(timeout=delay)
                if process.returncode != 0:
                    result.violate(f"round {round_number}: an import re-run exited {process.returncode}")
                break  # it finished before the kill: the round ends with a complete import
            except subprocess.TimeoutExpired:
                kill9(process)
                killed += 1
                result.kills += 1
                result.restarts += 1
            # Whatever committed must be whole orders of the file (a batch commits whole).
            for problem in compare_orders(expected, order_fingerprint(db),
                                          f"round {round_number}, after kill {killed}", partial=True):
                result.violate(problem)
        remaining -= killed
        if process.returncode is None or process.returncode < 0:
            # The last attempt was killed: re-run until it completes (once is enough: nothing kills it).
            run = encore.run(args, check=False)
            if run.returncode != 0:
                result.violate(f"round {round_number}: the import after the kills exited {run.returncode}: "
                               f"{run.stderr[-500:]}")
        stored = order_fingerprint(db)
        for problem in compare_orders(expected, stored, f"round {round_number} ({killed} kills)"):
            result.violate(problem)
        if stored != clean:
            result.violate(f"round {round_number}: the orders differ from the clean import's")
        stores = db.query("SELECT COUNT(*) FROM stores WHERE name = 'crash'")[0][0]
        if stores != "1":
            result.violate(f"round {round_number}: {stores} stores named 'crash'")
        if remaining <= 0:
            again = encore.run(args, check=False)
            if again.returncode != 0 or " 0 new, 0 updated, " not in again.stdout:
                result.violate(f"round {round_number}: importing the file again changed something: {again.stdout.strip()}")
        result.records += len(expected)
        ctx.drop(db)
        if killed == 0 and remaining > 0 and round_number > 3 * ctx.kills:
            raise Failure("the import finishes before any kill lands; the window is wrong")
    result.notes.append(f"{round_number} rounds")
    return result


# MARK: (b) API and webhook burst

class Burst:
    """What the clients had acknowledged: orders (last acknowledged content), events, webhook deliveries."""

    def __init__(self):
        self.lock = threading.Lock()
        self.orders = {}  # key -> (total, line count, customer)
        self.events = set()
        self.deliveries = {}  # webhook id -> order key


def burst_worker(ctx, number, client, burst, stop, rng):
    sent = []  # (kind, payload...) of earlier requests, some repeated as a client replay would
    sequence = 0
    shop_base = 7_000_000_000 + number * 10_000_000
    now = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
    while not stop.is_set():
        sequence += 1
        roll = rng.random()
        if roll < 0.05 and sent:
            kind, *args = rng.choice(sent)
            if kind == "order":
                key, payload, expected = args
                status, _ = client.post_json("/v1/orders", payload)
            elif kind == "events":
                status, _ = client.post_json("/v1/events", args[0], ok=(200,))
            else:
                delivery, payload, key, expected = args
                status, _ = client.shopify("shop", "orders/create", payload, delivery)
            continue
        if roll < 0.10 and sent:
            # An update of an earlier order of this client: one more of its first line.
            earlier = [s for s in sent if s[0] == "order"]
            if earlier:
                _, key, payload, _ = rng.choice(earlier)
                payload = dict(payload)
                payload["lines"] = [dict(line) for line in payload["lines"]]
                payload["lines"][0]["quantity"] += 1
                status, _ = client.post_json("/v1/orders", payload)
                if status in (200, 201):
                    total = sum(line["quantity"] * int(line["unit_price"].replace(".", "")) for line in payload["lines"])
                    with burst.lock:
                        burst.orders[key] = (total, len(payload["lines"]), payload["customer"]["id"])
                    sent = [s for s in sent if not (s[0] == "order" and s[1] == key)]
                    sent.append(("order", key, payload, None))
                continue
        if roll < 0.65:
            key = f"b{number}-{sequence}"
            customer = f"bc{number}-{rng.randrange(40)}"
            lines = data.random_lines(rng)
            payload = data.order_payload(key, customer, lines, now - datetime.timedelta(minutes=sequence))
            status, _ = client.post_json("/v1/orders", payload)
            if status in (200, 201):
                with burst.lock:
                    burst.orders[key] = (sum(q * p for *_, q, p in lines), len(lines), customer)
                sent.append(("order", key, payload, None))
        elif roll < 0.85:
            keys = [f"ev{number}-{sequence}-{k}" for k in range(rng.randint(1, 20))]
            payload = {"events": [{"type": "crash.ping", "idempotency_key": k, "customer_id": f"bc{number}-0",
                                   "payload": {"n": i}} for i, k in enumerate(keys)]}
            status, _ = client.post_json("/v1/events", payload, ok=(200,))
            if status == 200:
                with burst.lock:
                    burst.events.update(keys)
                sent.append(("events", payload))
        else:
            order_id = shop_base + sequence
            delivery = f"wh{number}-{sequence}"
            lines = data.random_lines(rng)
            payload = data.shopify_order(order_id, 9_000_000 + number * 1000 + rng.randrange(30),
                                         f"shop{number}@example.com", lines, now)
            status, _ = client.shopify("shop", "orders/create", payload, delivery)
            if status == 200:
                customer = str(payload["customer"]["id"])
                with burst.lock:
                    burst.deliveries[delivery] = str(order_id)
                    burst.orders[str(order_id)] = (sum(q * p for *_, q, p in lines), len(lines), customer)
                sent.append(("webhook", delivery, payload, str(order_id), None))


def scenario_api(ctx):
    result = Result("api-burst", ctx.backend)
    db = ctx.database("api")
    encore = Encore(ctx.binary, ctx.workdir, db)
    key = new_store(encore)
    server = Server(encore, [], name="serve")
    server.start()
    client = APIClient(server, key, WEBHOOK_SECRET)
    burst = Burst()
    stop = threading.Event()
    threads = [threading.Thread(target=burst_worker, daemon=True,
                                args=(ctx, n, client, burst, stop, random.Random(f"{ctx.seed}:{ctx.backend}:api:{n}")))
               for n in range(4)]
    for thread in threads:
        thread.start()
    kill_times = []
    try:
        kill_loop(ctx, server, ctx.kills, 0.05, 1.2, result, kill_times)
        time.sleep(0.3)
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=180)
        server.stop()
    if any(thread.is_alive() for thread in threads):
        raise Failure("a client thread never got its last answer")
    for error in client.errors:
        result.violate(f"a request was refused: {error}")

    stored = order_fingerprint(db)
    for problem in compare_orders(burst.orders, stored, "acknowledged orders"):
        result.violate(problem)
    events = collections.Counter(k for (k,) in db.query("SELECT idempotency_key FROM events WHERE type = 'crash.ping'"))
    lost = sorted(burst.events - set(events))
    if lost:
        result.violate(f"{len(lost)} acknowledged event(s) LOST: {listing(lost)}")
    extra = sorted(set(events) - burst.events)
    if extra:
        result.violate(f"{len(extra)} event(s) stored that were never acknowledged... nor sent: {listing(extra)}")
    twice = [k for k, n in events.items() if n > 1]
    if twice:
        result.violate(f"{len(twice)} event(s) stored twice: {listing(twice)}")
    placed = collections.Counter(o for (o,) in db.query("SELECT order_key FROM events WHERE type = 'order.placed'"))
    missing = sorted(set(burst.orders) - set(placed))
    if missing:
        result.violate(f"{len(missing)} order(s) without their order.placed event: {listing(missing)}")
    doubled = [k for k, n in placed.items() if n != 1]
    if doubled:
        result.violate(f"{len(doubled)} order(s) with order.placed more than once: {listing(doubled)}")
    created = collections.Counter(c for (c,) in db.query("SELECT customer_key FROM events WHERE type = 'customer.created'"))
    customers = {c for (_, _, c) in burst.orders.values()}
    if set(created) != customers or any(n != 1 for n in created.values()):
        result.violate(f"customer.created: {len(created)} customers ({sum(created.values())} events) for "
                       f"{len(customers)} customers of acknowledged orders")
    deliveries = {d: o for d, o in db.query("SELECT delivery_id, topic FROM webhook_deliveries")}
    lost_hooks = sorted(set(burst.deliveries) - set(deliveries))
    if lost_hooks:
        result.violate(f"{len(lost_hooks)} acknowledged webhook deliveries not recorded: {listing(lost_hooks)}")
    result.records = len(burst.orders) + len(burst.events) + len(burst.deliveries)
    result.notes.append(f"{len(burst.orders)} orders, {len(burst.events)} events, {len(burst.deliveries)} webhooks, "
                        f"{client.retries} retried requests")
    ctx.drop(db)
    return result


# MARK: (c) scheduler batch and outbox flush

JOURNEY = """\
id: crash-drip
name: Crash drip
category: transactional
trigger:
  event: order.placed
holdout: 0
goal: none
steps:
  - id: first
    send: {{ channel: email, template: crash-note }}
  - id: hook
    webhook: {{ url: "http://127.0.0.1:{port}/hooks/crash", event: crash.hook }}
  - id: pause-1
    wait: {wait}
  - id: second
    send: {{ channel: email, template: crash-note }}
  - id: pause-2
    wait: {wait}
  - id: third
    send: {{ channel: email, template: crash-note }}
"""
EMAIL_STEPS = ("first", "second", "third")


def write_journey(folder, hook_port, wait):
    os.makedirs(os.path.join(folder, "templates"), exist_ok=True)
    path = os.path.join(folder, "crash-drip.yaml")
    with open(path, "w") as f:
        f.write(JOURNEY.format(port=hook_port, wait=wait))
    parts = {
        "subject": "Order {{order.number}}: a note",
        "html": "<p>Hello {{customer.first_name}}, about order {{order.number}} ({{order.total}}).</p>",
        "text": "Hello {{customer.first_name}}, about order {{order.number}} ({{order.total}}).",
    }
    for part, text in parts.items():
        with open(os.path.join(folder, "templates", f"crash-note.{part}.mustache"), "w") as f:
            f.write(text + "\n")
    return path


def journey_progress(db):
    counts = {}
    counts["instances"] = int(db.query("SELECT COUNT(*) FROM journey_instances")[0][0])
    counts["unfinished"] = int(db.query(
        "SELECT COUNT(*) FROM journey_instances WHERE status NOT IN ('completed', 'exited', 'converted')")[0][0])
    counts["timers"] = int(db.query("SELECT COUNT(*) FROM journey_timers")[0][0])
    counts["inbox"] = int(db.query("SELECT COUNT(*) FROM journey_inbox")[0][0])
    counts["undelivered"] = int(db.query("SELECT COUNT(*) FROM outbox WHERE status <> 'delivered'")[0][0])
    return counts


def account_repeats(result, what, receipts, kill_times):
    """receipts: {id: [arrival times]}. A repeat is allowed only when a kill fell between the first
    arrival and the last (the sender died before it could record the delivery)."""
    repeats = 0
    for message_id, times in receipts.items():
        if len(times) < 2:
            continue
        repeats += len(times) - 1
        first, last = min(times), max(times)
        if not any(first - 0.05 <= k <= last for k in kill_times):
            result.violate(f"{what} {message_id} arrived {len(times)} times with no kill in between "
                           f"(first {first:.3f}, last {last:.3f}): a duplicate that is not in-flight")
    return repeats


def scenario_journeys(ctx):
    result = Result("journeys", ctx.backend)
    db = ctx.database("journeys")
    encore = Encore(ctx.binary, ctx.workdir, db)
    key = new_store(encore)
    smtp = Sink("smtp", os.path.join(ctx.workdir, "mail"), os.path.join(ctx.workdir, "smtp-sink.log"))
    hooks = Sink("http", os.path.join(ctx.workdir, "hooks"), os.path.join(ctx.workdir, "http-sink.log"))
    try:
        wait = "2s"
        journey = write_journey(os.path.join(ctx.workdir, "journeys"), hooks.port, wait)
        encore.run(["journeys", "apply", journey, "--store", "shop"])
        environment = {"ENCORE_OUTBOX_LEASE_MS": "3000", "ENCORE_RETRY_BASE_MS": "200"}
        server = Server(encore, ["--smtp-url", f"smtp://127.0.0.1:{smtp.port}?tls=none"], env=environment)
        server.start()
        client = APIClient(server, key)
        orders = {}
        stop = threading.Event()
        target = ctx.size("journeys")
        low, high = 0.1, 2.5
        pace = (ctx.kills * (low + high) / 2) / target  # spread the orders over the kill phase

        def post_orders():
            rng = random.Random(f"{ctx.seed}:{ctx.backend}:journeys:client")
            now = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
            for n in range(target):
                if stop.is_set():
                    break
                order_key = f"J{n}"
                customer = f"jc{n}"
                lines = data.random_lines(rng)
                status, _ = client.post_json(
                    "/v1/orders", data.order_payload(order_key, customer, lines, now, email=f"j{n}@example.com"))
                if status in (200, 201):
                    orders[order_key] = f"j{n}@example.com"
                time.sleep(pace * rng.uniform(0.5, 1.5))

        poster = threading.Thread(target=post_orders, daemon=True)
        poster.start()
        kill_times = []
        kill_loop(ctx, server, ctx.kills, low, high, result, kill_times)
        stop.set()
        poster.join(timeout=180)
        for error in client.errors:
            result.violate(f"a request was refused: {error}")

        # The last server finishes the work: every instance to its end, every message delivered.
        deadline = time.monotonic() + (600 if ctx.full else 180)
        while True:
            progress = journey_progress(db)
            done = (progress["instances"] == len(orders) and progress["unfinished"] == 0 and progress["timers"] == 0
                    and progress["inbox"] == 0 and progress["undelivered"] == 0)
            if done or time.monotonic() > deadline:
                break
            if not server.running():
                result.violate(f"the final server exited by itself:\n{server.log_tail(20)}")
                server.start()
            time.sleep(0.5)
        time.sleep(0.5)
        server.stop()
        if not done:
            result.violate(f"the work never finished after the last restart: {progress} for {len(orders)} orders")
        check_journeys(result, db, orders, smtp, hooks, kill_times)
    finally:
        smtp.close()
        hooks.close()
    ctx.drop(db)
    return result


def check_journeys(result, db, orders, smtp, hooks, kill_times):
    instances = db.query("SELECT instance_key, order_key, customer_key, status FROM journey_instances")
    by_order = collections.Counter(order for _, order, _, _ in instances)
    missing = sorted(set(orders) - set(by_order))
    if missing:
        result.violate(f"{len(missing)} acknowledged order(s) never started the journey: {listing(missing)}")
    doubled = [o for o, n in by_order.items() if n > 1]
    if doubled:
        result.violate(f"{len(doubled)} order(s) with more than one instance: {listing(doubled)}")
    instance_order = {i: o for i, o, _, _ in instances}

    # No step run twice: each (instance, step) has one log line, and the sequence has no gaps.
    log = db.query("SELECT instance_key, seq, step_id, kind, message_id FROM journey_log")
    steps = collections.Counter((i, s, k) for i, _, s, k, _ in log if k in ("sent", "webhook", "skipped"))
    twice = [f"{instance_order.get(i, i)}/{s} {k} x{n}" for (i, s, k), n in steps.items() if n > 1]
    if twice:
        result.violate(f"{len(twice)} journey step(s) RUN TWICE: {listing(twice)}")
    skipped = [f"{instance_order.get(i, i)}/{s}" for (i, s, k) in steps if k == "skipped"]
    if skipped:
        result.violate(f"{len(skipped)} send(s) skipped: {listing(skipped)}")
    sequences = collections.defaultdict(list)
    for i, seq, _, _, _ in log:
        sequences[i].append(int(seq))
    gaps = [i for i, seqs in sequences.items() if sorted(seqs) != list(range(1, len(seqs) + 1))]
    if gaps:
        result.violate(f"{len(gaps)} instance log(s) with gaps or repeats in their sequence: {listing(gaps)}")
    for i, _ in instance_order.items():
        for step in EMAIL_STEPS:
            if steps.get((i, step, "sent"), 0) == 0:
                result.violate(f"instance of order {instance_order[i]}: step {step} never sent")
        if steps.get((i, "hook", "webhook"), 0) == 0:
            result.violate(f"instance of order {instance_order[i]}: webhook step never ran")

    outbox = db.query("SELECT message_id, instance_key, step_id, channel, recipient, status FROM outbox")
    per_step = collections.Counter((i, s) for _, i, s, _, _, _ in outbox)
    doubled = [f"{instance_order.get(i, i)}/{s} x{n}" for (i, s), n in per_step.items() if n > 1]
    if doubled:
        result.violate(f"{len(doubled)} step(s) with more than one outbox message (two Message-IDs): {listing(doubled)}")
    rows = {m: (i, s, c, r, st) for m, i, s, c, r, st in outbox}
    undelivered = [m for m, (_, _, _, _, st) in rows.items() if st != "delivered"]
    if undelivered:
        result.violate(f"{len(undelivered)} outbox message(s) not delivered: {listing(undelivered)}")

    # What the receivers saw.
    mail = collections.defaultdict(list)
    by_recipient = collections.defaultdict(set)
    for record in smtp.records():
        local = (header(record, "Message-ID") or "").strip("<>").split("@")[0]
        mail[local].append(record["_at"])
        recipient = (record.get("rcpt_tos") or [""])[0]
        by_recipient[recipient].add(local)
        row = rows.get(local)
        if row is None:
            result.violate(f"an email arrived with Message-ID {local!r}, which no outbox row holds (to {recipient})")
        elif row[3] != recipient:
            result.violate(f"email {local} went to {recipient}, the outbox says {row[3]}")
    hook = collections.defaultdict(list)
    for record in hooks.records():
        idem = header(record, "Encore-Idempotency-Key") or ""
        hook[idem].append(record["_at"])
        if idem not in rows:
            result.violate(f"a webhook arrived with idempotency key {idem!r}, which no outbox row holds")
    for message_id, (instance, step, channel, _, _) in rows.items():
        received = mail if channel == "email" else hook
        if message_id not in received:
            result.violate(f"{channel} {message_id} ({instance_order.get(instance, instance)}/{step}) LOST: "
                           "never reached the receiver")
    for email in orders.values():
        if len(by_recipient.get(email, ())) != len(EMAIL_STEPS):
            result.violate(f"{email} received {len(by_recipient.get(email, ()))} distinct Message-IDs, "
                           f"expected {len(EMAIL_STEPS)}")
    repeats = account_repeats(result, "email", mail, kill_times)
    repeats += account_repeats(result, "webhook", hook, kill_times)
    result.records = len(orders) + len(rows)
    result.notes.append(f"{len(orders)} orders, {len(rows)} messages, {repeats} in-flight repeat(s) "
                        "under the same Message-ID")


# MARK: (d) ledger replay

class Ledger:
    """What a run left in the ledger, read back for comparison."""

    def __init__(self, db):
        self.lots = {row[0]: row[1:] for row in db.query(
            """SELECT lot_key, customer_key, source, funding, points, spent, expired, reversed, applied_to_debt,
               clawed_back, shortfall, earned_at, available_at, expires_at, open FROM loyalty_lots""")}
        self.postings = collections.defaultdict(collections.Counter)  # lot -> (key, event, kind, debit, credit, points)
        self.multiplier = {}
        for key, event, kind, debit, credit, points, lot, reason in db.query(
                "SELECT posting_key, event_key, kind, debit, credit, points, lot_key, reason FROM loyalty_postings"):
            self.postings[lot][(key, event, kind, debit, credit, points)] += 1
            if kind == "earn":
                self.multiplier[lot] = reason.split("\u00d7")[1] if "\u00d7" in reason else "1"
        self.accounts = {row[0]: row[1:] for row in db.query(
            "SELECT customer_key, balance, debt, spent, expired, reversed, applied_to_debt, shortfall FROM loyalty_accounts")}
        self.applied = collections.Counter(k for (k,) in db.query("SELECT event_key FROM loyalty_applied"))
        self.tiers = dict(db.query("SELECT customer_key, tier_key FROM loyalty_tiers"))
        self.earned_events = collections.Counter(db.query(
            "SELECT idempotency_key, payload FROM events WHERE type = 'points.earned'"))
        self.tier_ups = sum(1 for _ in db.query("SELECT id FROM events WHERE type = 'tier.up'"))
        self.refunds = db.query("SELECT refund_key, order_key FROM refunds")
        self.cancelled = {k for (k,) in db.query("SELECT order_key FROM orders WHERE cancelled_at IS NOT NULL")}
        self.inbox = int(db.query("SELECT COUNT(*) FROM loyalty_inbox")[0][0])

    @staticmethod
    def left(row):
        """Points of a lot not taken back (points - expired - reversed - clawed back - shortfall)."""
        return int(row[3]) - int(row[5]) - int(row[6]) - int(row[8]) - int(row[9])

    def customer(self, lot):
        return self.lots[lot][0]


def check_ledger(result, where, got, want):
    """Order-independent invariants of `got`, then its differences from the clean run `want`: a
    difference explained by the order events were applied in (an earning at another tier
    multiplier, because the customer's tier had or had not moved yet; a cancellation applied
    before the earning) is counted as a note, anything else is a violation."""
    problems = []
    # Every refund of an order that earned (and was not cancelled) took points back.
    reversed_by = collections.defaultdict(set)
    lost_reversals = set()  # lots whose refund took nothing back: reported once, not again below
    for lot, postings in got.postings.items():
        for (_, event, kind, *_rest) in postings:
            if kind == "reverse":
                reversed_by[lot].add(event)
    for refund, order in got.refunds:
        lot = next((k for k in got.lots if got.lots[k][1] == f"order:{order}"), None)
        if lot is None or order in got.cancelled:
            continue
        if not any(f"|refund|{refund}|" in event for event in reversed_by[lot]):
            lost_reversals.add(lot)
            problems.append(f"refund {refund} of order {order} took back no points: its lot {lot} keeps "
                            f"{got.lots[lot][3]} points (the clean run took back "
                            f"{int(want.lots[lot][6]) if lot in want.lots else '?'})")
    for lot, row in got.lots.items():
        order = row[1][len("order:"):] if row[1].startswith("order:") else None
        if order in got.cancelled and Ledger.left(row) != 0:
            problems.append(f"order {order} was cancelled but its lot {lot} keeps {Ledger.left(row)} points")
    earned = collections.Counter()
    for (key, payload), n in got.earned_events.items():
        earned[key] += n
    for lot, row in got.lots.items():
        if row[1].startswith("order:") and earned.get(f"points.earned:{lot}", 0) != 1:
            problems.append(f"lot {lot}: {earned.get(f'points.earned:{lot}', 0)} points.earned events, expected 1")

    # Against the clean run.
    soft_tier, soft_cancel = set(), set()
    for lot in set(want.lots) | set(got.lots):
        mine, theirs = got.lots.get(lot), want.lots.get(lot)
        if mine is None or theirs is None:
            source = (theirs or mine)[1]
            order = source[len("order:"):] if source.startswith("order:") else None
            row = theirs or mine
            if order in got.cancelled and Ledger.left(row) == 0:
                soft_cancel.add(lot)  # cancelled before it earned: nothing earned, nothing to take back
                continue
            problems.append(f"lot {lot} ({source}) " + ("LOST (the clean run has it)" if mine is None
                                                         else "is extra (the clean run has none)"))
            continue
        if lot in lost_reversals:
            continue
        if got.multiplier.get(lot) != want.multiplier.get(lot):
            soft_tier.add(lot)
            if {k[:3] for k in got.postings[lot]} != {k[:3] for k in want.postings[lot]}:
                problems.append(f"lot {lot}: postings {sorted(k[0] for k in got.postings[lot])} differ from the "
                                f"clean run's {sorted(k[0] for k in want.postings[lot])}")
            continue
        if mine != theirs:
            problems.append(f"lot {lot} differs from the clean run's: {mine} vs {theirs}")
        if got.postings[lot] != want.postings[lot]:
            missing = list((want.postings[lot] - got.postings[lot]).elements())
            extra = list((got.postings[lot] - want.postings[lot]).elements())
            problems.append(f"lot {lot}: postings missing {listing(m[0] for m in missing)}; extra {listing(e[0] for e in extra)}")
    explained = {got.customer(l) for l in soft_tier | lost_reversals if l in got.lots} | {
        (want.lots.get(l) or got.lots.get(l))[0] for l in soft_cancel}
    for customer in set(want.accounts) | set(got.accounts):
        if customer in explained:
            continue
        if got.accounts.get(customer) != want.accounts.get(customer):
            problems.append(f"account {customer}: {got.accounts.get(customer)} vs the clean run's "
                            f"{want.accounts.get(customer)}")
    cancelled_events = {e for l in soft_cancel for p in want.postings[l] for e in [p[1]]}
    cancelled_events |= {e for l in lost_reversals for p in want.postings[l] for e in [p[1]] if "|refund|" in e}
    lost_applied = [k for k in want.applied if k not in got.applied and k not in cancelled_events]
    extra_applied = [k for k in got.applied if k not in want.applied and k not in cancelled_events]
    if lost_applied:
        problems.append(f"{len(lost_applied)} applied event key(s) LOST: {listing(lost_applied)}")
    if extra_applied:
        problems.append(f"{len(extra_applied)} applied event key(s) the clean run does not have: {listing(extra_applied)}")
    twice = [k for k, n in got.applied.items() if n > 1]
    if twice:
        problems.append(f"event keys applied twice: {listing(twice)}")
    tiers = [c for c in set(want.tiers) | set(got.tiers) if got.tiers.get(c) != want.tiers.get(c)]
    if tiers:
        problems.append(f"{len(tiers)} customer(s) in another tier than after the clean run: "
                        f"{listing(f'{c} {got.tiers.get(c)} vs {want.tiers.get(c)}' for c in tiers)}")
    for problem in problems:
        result.violate(f"{where}: {problem}")
    return len(soft_tier), len(soft_cancel), got.tier_ups - want.tier_ups


def ledger_ingest(ctx, encore, key, count):
    """Live orders of a store with the default program, with deliveries, partial refunds and
    cancellations, through the API of a server that runs no workers (so the loyalty queue fills)."""
    server = Server(encore, ["--no-workers"], name="intake")
    server.start()
    client = APIClient(server, key)
    now = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
    customers = max(1, count // 4)
    requests = 0

    def worker(part):
        nonlocal requests
        rng = random.Random(f"{ctx.seed}:{ctx.backend}:ledger:{part}")
        for n in range(part, count, 4):
            order_key = f"L{n}"
            customer = f"lc{(n * 7919) % customers}"
            placed = now - datetime.timedelta(days=rng.uniform(1, 80))
            lines = data.random_lines(rng)
            payload = data.order_payload(order_key, customer, lines, placed)
            client.post_json("/v1/orders", payload)
            requests += 1
            roll = rng.random()
            if roll < 0.35:
                client.post_json("/v1/shipments", {
                    "id": f"S{n}", "order_id": order_key, "carrier": "UPS", "tracking_number": f"1Z{n}",
                    "checkpoints": [{"status": "delivered", "at": data.iso(placed + datetime.timedelta(days=2))}]})
                requests += 1
            if 0.35 <= roll < 0.50:
                line_id, _, _, _, quantity, price = lines[0]
                client.post_json("/v1/refunds", {
                    "id": f"R{n}", "order_id": order_key, "amount": money(price),
                    "created_at": data.iso(placed + datetime.timedelta(days=3)),
                    "lines": [{"line_id": line_id, "quantity": 1, "amount": money(price)}]})
                requests += 1
            if 0.50 <= roll < 0.56:
                client.post_json("/v1/orders", data.order_payload(
                    order_key, customer, lines, placed, cancelled=placed + datetime.timedelta(hours=5)))
                requests += 1

    threads = [threading.Thread(target=worker, args=(part,), daemon=True) for part in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    server.stop()
    if client.errors:
        raise Failure(f"ledger data refused: {listing(client.errors, 3)}")
    return requests


def age_leases(db):
    """What the passing of the two-minute loyalty lease does: a batch a killed worker had claimed
    becomes claimable again (the lease is not configurable, so the suite ages it instead)."""
    db.execute("UPDATE loyalty_inbox SET claimed_at = claimed_at - 86400000 WHERE claim IS NOT NULL")


def verify(encore):
    run = encore.run(["loyalty", "verify"], check=False)
    return run.returncode == 0, (run.stdout + run.stderr).strip()


def scenario_ledger(ctx):
    result = Result("ledger", ctx.backend)
    base = ctx.database("ledger")
    encore = Encore(ctx.binary, ctx.workdir, base)
    key = new_store(encore)
    encore.run(["loyalty", "apply", "--defaults", "--store", "shop"])
    requests = ledger_ingest(ctx, encore, key, ctx.size("ledger"))
    queued = int(base.query("SELECT COUNT(*) FROM loyalty_inbox")[0][0])
    limit = "50"

    reference = ctx.clone(base, "ledger_ref")
    reference_encore = Encore(ctx.binary, ctx.workdir, reference)
    started = time.monotonic()
    reference_encore.run(["loyalty", "run", "--limit", limit])
    window = time.monotonic() - started
    ok, text = verify(reference_encore)
    if not ok:
        result.violate(f"the clean run's ledger does not verify: {text[:800]}")
    expected = Ledger(reference)
    ctx.drop(reference)
    result.notes.append(f"{requests} requests, {queued} queued events, clean run {window:.1f} s")

    window = min(window, 3.0)  # each restart goes on from where the last stopped
    remaining = ctx.kills
    round_number = 0
    lapsed = soft_tier = soft_cancel = 0
    while remaining > 0:
        round_number += 1
        db = ctx.clone(base, f"ledger_{round_number}")
        run_encore = Encore(ctx.binary, ctx.workdir, db)
        planned = min(remaining, ctx.rng.randint(*ctx.kills_per_round()))
        killed = 0
        while killed < planned:
            # No lease is aged here: a restarted worker first takes the events nobody holds, as it
            # would in production, and the batch the killed one held only once its lease lapsed.
            process = run_encore.start(["loyalty", "run", "--limit", limit], "loyalty-run.log")
            try:
                process.wait(timeout=ctx.rng.uniform(0, window))
                if process.returncode != 0:
                    result.violate(f"round {round_number}: encore loyalty run exited {process.returncode}")
                if not db.query("SELECT 1 FROM loyalty_inbox LIMIT 1"):
                    break
                age_leases(db)  # only leased batches are left: two minutes pass
                lapsed += 1
                continue
            except subprocess.TimeoutExpired:
                kill9(process)
                killed += 1
                result.kills += 1
                result.restarts += 1
            ok, text = verify(run_encore)
            if not ok:
                result.violate(f"round {round_number}, after kill {killed}: loyalty verify: {text[:800]}")
        remaining -= killed
        for _ in range(10):
            # The restarted worker (not killed any more) takes what nobody holds, then, once the
            # killed worker's lease lapsed, the batch it held.
            final = run_encore.run(["loyalty", "run", "--limit", limit], check=False)
            if final.returncode != 0:
                result.violate(f"round {round_number}: the run after the kills exited {final.returncode}: "
                               f"{final.stderr[-500:]}")
            if not db.query("SELECT 1 FROM loyalty_inbox LIMIT 1"):
                break
            age_leases(db)
            lapsed += 1
        ok, text = verify(run_encore)
        if not ok:
            result.violate(f"round {round_number}: loyalty verify after the final run: {text[:800]}")
        left = int(db.query("SELECT COUNT(*) FROM loyalty_inbox")[0][0])
        if left:
            result.violate(f"round {round_number}: {left} events still queued after the final run")
        again = run_encore.run(["loyalty", "run", "--limit", limit], check=False)
        if not again.stdout.startswith("0 events"):
            result.violate(f"round {round_number}: a second run found work: {again.stdout.strip()}")
        got = Ledger(db)
        tier, cancel, _ = check_ledger(result, f"round {round_number} ({killed} kills)", got, expected)
        soft_tier += tier
        soft_cancel += cancel
        result.records += sum(sum(c.values()) for c in got.postings.values())
        ctx.drop(db)
        if killed == 0 and remaining > 0 and round_number > 3 * ctx.kills:
            raise Failure("the ledger run finishes before any kill lands; the window is wrong")
    result.notes.append(f"{round_number} rounds, {lapsed} lease lapses")
    if soft_tier or soft_cancel:
        result.notes.append(f"order-dependent, not counted: {soft_tier} earning(s) at another tier multiplier than "
                            f"the clean run's, {soft_cancel} cancellation(s) applied before the earning")
    ctx.drop(base)
    return result


SCENARIOS = {
    "import": (scenario_import, 0.24),
    "api": (scenario_api, 0.26),
    "journeys": (scenario_journeys, 0.30),
    "ledger": (scenario_ledger, 0.20),
}
