#!/usr/bin/env python3
"""Soak test: a steady mix of real traffic against one `encore serve`, with per-minute figures and a verdict.

    scripts/soak.py [--minutes 30] [--rate 50] [--postgres-url URL] [--threads 24] [--seed 1] [--keep]
                    [--mix OP=W,...] [--analytics-every S] [--serve-arg ARG ...]

Standard library only (plus aiosmtpd for scripts/smtp-sink.py, which CI installs already).
The binary is $ENCORE_BIN (default .build/debug/encore, relative to the repository root); without /metrics
(older builds) it still runs, without the queue figures and their checks. ENCORE_* variables of the
caller's environment are not passed on to encore (the soak sets what it needs with options).

Setup, in a fresh temporary directory:
  - a fresh database: SQLite in the directory, or with --postgres-url (any database on the server, e.g.
    .../postgres) a new database encore_soak_<pid>_<random> that is dropped at the end;
  - `encore stores create soak --webhook-secret ...`, `stores settings`, `keys create`, `users create`,
    `journeys apply --defaults`, then scripts/soak/journeys/soak-survey.yaml (an e-mail carrying the order's
    NPS and CSAT links, so votes go through links the server really sent) and detractor-apology.yaml (the
    shipped journey with its webhook pointed at scripts/http-sink.py instead of https://shop.example);
  - history: a generated CSV (`encore import --format csv`), receipt links with `encore receipts link`;
  - scripts/smtp-sink.py, scripts/http-sink.py and `encore serve --smtp-url ... --log-format json` (its log,
    server.log, in the directory, kept when the soak fails or with --keep);
  - live orders and `soak.survey` events through the API; the sink's mail is read (and deleted) as it
    arrives and its /r/, /nps/ and /csat/ links join the pools the load draws from.

Load: one scheduler thread hands out operations at a steady rate of requests (a token bucket with no
burst: an operation of k requests costs k tokens; the rate holds whatever the latency), worker threads
run them on keep-alive connections. The mix: Shopify webhooks (orders/create, orders/updated,
fulfillments/create|update, replays; HMAC-SHA256 of the body with the store's secret), POST /v1/orders
(new and updated), POST /v1/events (batches, replays, soak.survey), GET /v1 reads, receipt views
(GET /r/T), survey votes (GET /nps|csat/T?score=N, then POST with its csrf field), receipt NPS votes
(GET /r/T, POST /r/T/nps), the admin's lists with a session; besides the mix, whatever the rate, an
analytics page (overview, journey map, journeys, a journey's funnels) every 10 s and an admin sign-in
every 30 s (csrf field and cookie). --mix changes weights (admin=0,receipt=40; login=0), to find which
kind of request a problem comes with.
Votes come from source addresses 127.0.0.2-127.0.0.65, because public POSTs are limited to 30 a
minute per client address (docs/CARE.md): one address would be refused (429) at any useful rate.

Every minute one line: requests, errors (5xx or no answer), unexpected answers (any other status than
the one the step expects, e.g. 403, 404, 429), p50/p99 overall and per operation, the server's RSS (VmRSS
of /proc/PID/status; process_resident_memory_bytes of /metrics goes to the JSON report), what SQLite holds
(encore_storage_memory_bytes) and the receipt page cache (encore_page_cache_bytes), the queues (outbox depth/due/lag, the
journey inbox and timers lag), mail received, the server's CPU, open files, and the machine's load.
$SOAK_REPORT, when set, receives every minute and the verdict as JSON.

Verdict (exit 1 when any fails):
  - errors: no 5xx and no connection error or timeout; no unexpected answer either;
  - memory flat: with N minutes and k = max(1, N // 3), the first k minutes are warm-up (the receipt page
    cache, SQLite's caches and the allocator's arenas fill); the base is the median of the per-minute RSS
    (each minute's median VmRSS) over the middle third, minutes k+1..2k (minute 2 when N < 6), and the end
    is the median over the last k minutes; end <= base * 1.10 + 16 MiB (not judged under 3 minutes);
  - queues keep up: per minute, the largest lag of any queue (outbox per channel, journey inbox,
    journey timers, loyalty inbox); the median of the last k minutes must not exceed
    max(30 s, 2 * median of the base minutes + 10 s); and after the load stops every queue's due
    count must reach 0 within 120 s;
  - no failed worker pass (encore_worker_failures_total), and the server exits 0 on SIGTERM.
"""
import argparse
import base64
import csv
import glob
import hashlib
import hmac
import http.client
import json
import os
import queue
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from datetime import datetime, timedelta, timezone

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SOAK_DIR = os.path.join(ROOT, "scripts", "soak")
STORE = "soak"
WEBHOOK_SECRET = "soak-shopify-secret-" + "x" * 12
ADMIN_EMAIL = "soak@soak.example"
ADMIN_PASSWORD = "soak-password-123456"
MIB = 1024 * 1024

# Operations: (name, weight, requests per operation). Weighted draws, each costs its requests in tokens.
# "admin" is the admin's lists (inbox, outbox, mailbox, customers, ...), about 1 a second at 50 req/s.
# The analytics pages (overview, journey map, journeys and a journey's funnels) fold the whole store's
# history on every view, so their cost grows with the data the soak keeps adding: they get a schedule of
# their own, one view every ANALYTICS_EVERY seconds whatever the rate, as a few people would look at them.
MIX = [
    ("hook", 16, 1),
    ("order", 10, 1),
    ("event", 18, 1),
    ("read", 5, 1),
    ("receipt", 24, 1),
    ("survey", 6, 2),
    ("rvote", 4, 2),
    ("admin", 2, 1),
]
LOGIN_EVERY = 30.0  # seconds between admin sign-ins (bcrypt: kept rare on purpose)
ANALYTICS_EVERY = 10.0  # seconds between views of an analytics page
KINDS = [name for name, _, _ in MIX] + ["analytics", "login"]
VOTE_SOURCES = [f"127.0.0.{i}" for i in range(2, 66)]

PRODUCTS = [(f"SKU-{i:03d}", f"Product {i}", ["coffee", "tea", "kitchen", "books", "garden"][i % 5],
             f"{5 + (i * 7) % 60}.{(i * 13) % 100:02d}") for i in range(1, 41)]
LINK_RE = re.compile(r"https?://[^\s\"'<>]+?/(r|nps|csat)/([A-Za-z0-9_\-.]+)")
CSRF_RE = re.compile(r'name="csrf" value="([^"]+)"')


def now_iso(offset_seconds=0.0):
    t = datetime.now(timezone.utc) + timedelta(seconds=offset_seconds)
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"


def log(message):
    print(message, flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def percentile(sorted_values, p):
    if not sorted_values:
        return None
    index = max(0, min(len(sorted_values) - 1, int(-(-p * len(sorted_values) // 100)) - 1))
    return sorted_values[index]


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


# ---------------------------------------------------------------------------------------------- HTTP


class StaleConnection(Exception):
    pass


class Client:
    """One keep-alive connection (re-opened when needed), optionally from a given source address.
    A request that fails on a reused connection before any answer (the server closed an idle
    keep-alive connection) is retried once on a fresh one, as browsers do; those retries are counted."""

    def __init__(self, port, source=None, timeout=30.0):
        self.port, self.source, self.timeout = port, source, timeout
        self.conn = None
        self.retries = 0

    def close(self):
        if self.conn is not None:
            try:
                self.conn.close()
            except Exception:
                pass
            self.conn = None

    def request(self, method, path, body=None, headers=None):
        headers = dict(headers or {})
        for attempt in (0, 1):
            reused = self.conn is not None
            if self.conn is None:
                self.conn = http.client.HTTPConnection(
                    "127.0.0.1", self.port, timeout=self.timeout,
                    source_address=(self.source, 0) if self.source else None)
            try:
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                data = response.read()
                if (response.getheader("Connection") or "").lower() == "close":
                    self.close()
                return response.status, response.headers, data
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError, http.client.BadStatusLine):
                self.close()
                if reused and attempt == 0:
                    self.retries += 1
                    continue
                raise
            except Exception:
                self.close()
                raise
        raise StaleConnection()


class Jar:
    """Cookies by name (one host, one path: enough for /admin)."""

    def __init__(self):
        self.cookies = {}

    def update(self, headers):
        for value in headers.get_all("Set-Cookie") or []:
            pair = value.split(";", 1)[0]
            name, _, content = pair.partition("=")
            attributes = value.lower()
            if "max-age=0" in attributes or content == "":
                self.cookies.pop(name.strip(), None)
            else:
                self.cookies[name.strip()] = content.strip()

    def header(self):
        return "; ".join(f"{k}={v}" for k, v in self.cookies.items())


def form(fields):
    return urllib.parse.urlencode(fields).encode()


# ---------------------------------------------------------------------------------------------- setup


class Setup:
    def __init__(self, args, workdir):
        self.args = args
        self.workdir = workdir
        self.bin = os.environ.get("ENCORE_BIN") or os.path.join(ROOT, ".build", "debug", "encore")
        if os.sep not in self.bin:
            self.bin = shutil.which(self.bin) or self.bin
        elif not os.path.isabs(self.bin):
            self.bin = os.path.join(ROOT, self.bin)
        self.pg_admin_url = None
        self.pg_database = None
        self.database_url = None
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("ENCORE_")}

    # database
    def psql(self, url, sql):
        exe = shutil.which("psql") or (sorted(glob.glob("/usr/lib/postgresql/*/bin/psql")) or [None])[-1]
        if exe is None:
            sys.exit("soak: --postgres-url needs psql (apt-get install postgresql-client)")
        subprocess.run([exe, url, "-v", "ON_ERROR_STOP=1", "-qAtc", sql], check=True,
                       env=dict(self.env, PGCONNECT_TIMEOUT="10"), stdout=subprocess.DEVNULL)

    def create_database(self):
        if not self.args.postgres_url:
            self.database_url = "sqlite://" + os.path.join(self.workdir, "encore.sqlite")
            return
        parts = urllib.parse.urlsplit(self.args.postgres_url)
        self.pg_admin_url = self.args.postgres_url
        self.pg_database = f"encore_soak_{os.getpid()}_{random.randrange(16 ** 6):06x}"
        self.psql(self.pg_admin_url, f'CREATE DATABASE "{self.pg_database}"')
        self.database_url = urllib.parse.urlunsplit(parts._replace(path="/" + self.pg_database))

    def drop_database(self):
        if not self.pg_database:
            return
        try:
            self.psql(self.pg_admin_url, f'DROP DATABASE IF EXISTS "{self.pg_database}" WITH (FORCE)')
        except subprocess.CalledProcessError:
            try:
                self.psql(self.pg_admin_url, f'DROP DATABASE IF EXISTS "{self.pg_database}"')
            except subprocess.CalledProcessError as error:
                log(f"soak: could not drop database {self.pg_database}: {error}")
        self.pg_database = None

    def encore(self, *arguments, stdin=None):
        command = [self.bin, *arguments, "--database", self.database_url]
        result = subprocess.run(command, input=stdin, capture_output=True, text=True, env=self.env)
        if result.returncode != 0:
            raise SystemExit(f"soak: {' '.join(arguments[:3])} failed ({result.returncode}):\n{result.stderr}{result.stdout}")
        return result.stdout

    def history_csv(self, path, rng):
        """Past orders of --history-customers customers (never starts journeys: historical)."""
        start = datetime.now(timezone.utc) - timedelta(days=365)
        orders = []
        with open(path, "w", newline="") as f:
            writer = csv.writer(f)
            writer.writerow(["order_id", "order_number", "placed_at", "customer_id", "email", "first_name",
                             "last_name", "accepts_marketing", "line_id", "sku", "title", "category",
                             "quantity", "unit_price"])
            number = 100000
            for c in range(1, self.args.history_customers + 1):
                for _ in range(1 + int(rng.expovariate(0.8))):
                    number += 1
                    placed = start + timedelta(seconds=rng.randrange(360 * 86400))
                    order_id = f"h-{number}"
                    orders.append((order_id, f"c-{c}"))
                    for line in range(1, rng.randint(1, 3) + 1):
                        sku, title, category, price = rng.choice(PRODUCTS)
                        writer.writerow([order_id, f"#{number}", placed.strftime("%Y-%m-%dT%H:%M:%SZ"), f"c-{c}",
                                         f"c-{c}@soak.example", f"First{c}", f"Last{c}",
                                         "yes" if c % 3 else "no", str(line), sku, title, category,
                                         str(rng.randint(1, 3)), price])
        return orders


# ---------------------------------------------------------------------------------------------- state


class Pools:
    """What the load draws from; filled by setup, the API answers and the mail harvester."""

    def __init__(self, rng):
        self.lock = threading.Lock()
        self.rng = rng
        self.receipts = []  # tokens
        self.surveys = []  # (kind, token)
        self.history_customers = []
        self.api_orders = []  # (order id, customer id, lines)
        self.unsurveyed = []  # (order id, customer id) of API orders not yet sent a soak.survey
        self.hook_orders = []  # dict(id, customer, body) of webhook orders created
        self.hook_fulfilments = []  # (fulfilment id, order id) in transit
        self.last_hook = None  # (topic, webhook id, body) for replays
        self.last_events = None  # body for replays
        self.admin_pages = []
        self.analytics_pages = []
        self.analytics_next = 0
        self.seen_links = set()

    def add_link(self, kind, token, limit=3000):
        with self.lock:
            if (kind, token) in self.seen_links:
                return False
            self.seen_links.add((kind, token))
            pool = self.receipts if kind == "r" else self.surveys
            item = token if kind == "r" else (kind, token)
            if len(pool) < limit:
                pool.append(item)
            else:
                pool[self.rng.randrange(limit)] = item
            return True

    def pick(self, name):
        with self.lock:
            pool = getattr(self, name)
            return self.rng.choice(pool) if pool else None


class Recorder:
    def __init__(self):
        self.records = []  # (start offset s, kind, request name, status (0 = no answer), latency ms, queue wait ms)
        self.lock = threading.Lock()
        self.problems = {}  # (request, status) -> [count, sample]

    def add(self, start, kind, request, status, latency_ms, wait_ms, expected, detail=""):
        with self.lock:
            self.records.append((start, kind, request, status, latency_ms, wait_ms, status in expected))
            if status not in expected:
                key = (request, status)
                entry = self.problems.setdefault(key, [0, detail[:300]])
                entry[0] += 1


# ---------------------------------------------------------------------------------------------- load


class Load:
    def __init__(self, args, port, key, pools, recorder, rng_seed):
        self.args, self.port, self.key = args, port, key
        self.pools, self.recorder = pools, recorder
        self.seed = rng_seed
        self.t0 = None
        self.stop = threading.Event()
        self.jobs = queue.Queue()
        self.admin_jar = Jar()
        self.counter = 0
        self.counter_lock = threading.Lock()
        self.sources = VOTE_SOURCES
        self.source_index = 0
        self.retries = 0
        self.max_backlog = 0

    def next_id(self):
        with self.counter_lock:
            self.counter += 1
            return self.counter

    def next_source(self):
        with self.counter_lock:
            self.source_index = (self.source_index + 1) % len(self.sources)
            return self.sources[self.source_index]

    # one HTTP request, recorded
    def call(self, client, kind, name, method, path, expected, body=None, headers=None, wait_ms=None):
        """One request, recorded; wait_ms (how late the operation started) only on an operation's first."""
        start = time.monotonic()
        status, response_headers, data, detail = 0, None, b"", ""
        try:
            status, response_headers, data = client.request(method, path, body, headers)
            if status not in expected:
                detail = f"{method} {path[:60]} -> {status}: {data[:200].decode('utf-8', 'replace')}"
        except Exception as error:  # no answer: refused, reset, timeout
            detail = f"{method} {path[:60]}: {type(error).__name__}: {error}"
        latency = (time.monotonic() - start) * 1000
        self.recorder.add(start - self.t0, kind, name, status, latency, wait_ms, expected, detail)
        return status, response_headers, data

    def api_headers(self):
        return {"Authorization": "Bearer " + self.key, "Content-Type": "application/json"}

    # operations ------------------------------------------------------------------------------
    def op_hook(self, client, rng, wait):
        p = self.pools
        r = rng.random()
        with p.lock:
            replay = p.last_hook if r < 0.05 else None
            update = rng.choice(p.hook_orders) if (0.6 <= r < 0.7 and p.hook_orders) else None
            in_transit = p.hook_fulfilments.pop(rng.randrange(len(p.hook_fulfilments))) \
                if (r >= 0.85 and p.hook_fulfilments) else None
            to_ship = rng.choice(p.hook_orders) if (0.7 <= r < 0.85 and p.hook_orders) else None
        n = self.next_id()
        if replay:
            topic, hook_id, body = replay
        elif update:
            order = dict(update["body"], updated_at=now_iso(), note=f"update {n}")
            topic, hook_id, body = "orders/updated", f"soak-{n}", json.dumps(order)
        elif to_ship:
            fid = 8_000_000_000 + n
            topic, hook_id = "fulfillments/create", f"soak-{n}"
            body = json.dumps({"id": fid, "order_id": to_ship["id"], "status": "success", "created_at": now_iso(-1),
                               "updated_at": now_iso(), "tracking_company": "UPS", "tracking_number": f"1Z{fid}",
                               "shipment_status": "in_transit"})
        elif in_transit:
            fid, oid = in_transit
            topic, hook_id = "fulfillments/update", f"soak-{n}"
            body = json.dumps({"id": fid, "order_id": oid, "status": "success", "created_at": now_iso(-60),
                               "updated_at": now_iso(), "tracking_company": "UPS", "tracking_number": f"1Z{fid}",
                               "shipment_status": "delivered"})
        else:
            oid = 5_000_000_000 + n
            c = rng.randrange(1, 3001)
            sku, title, category, price = rng.choice(PRODUCTS)
            quantity = rng.randint(1, 3)
            lines_total = f"{float(price) * quantity:.2f}"
            order = {"id": oid, "name": f"#S{n}", "email": f"s-{c}@soak.example", "created_at": now_iso(),
                     "updated_at": now_iso(), "currency": "USD", "subtotal_price": lines_total,
                     "total_line_items_price": lines_total, "total_discounts": "0.00", "total_tax": "0.00",
                     "total_price": f"{float(lines_total) + 5:.2f}", "financial_status": "paid",
                     "fulfillment_status": None, "cancelled_at": None, "source_name": "web",
                     "total_shipping_price_set": {"shop_money": {"amount": "5.00", "currency_code": "USD"}},
                     "customer": {"id": 7_000_000 + c, "email": f"s-{c}@soak.example", "first_name": f"Shop{c}",
                                  "last_name": "Soak", "email_marketing_consent": {
                                      "state": "subscribed" if c % 2 else "not_subscribed",
                                      "consent_updated_at": "2026-01-01T00:00:00Z"}},
                     "line_items": [{"id": 6_000_000_000 + n, "sku": sku, "title": title, "name": title,
                                     "quantity": quantity, "price": price, "total_discount": "0.00",
                                     "product_type": category}]}
            topic, hook_id, body = "orders/create", f"soak-{n}", json.dumps(order)
        raw = body.encode()
        signature = base64.b64encode(hmac.new(WEBHOOK_SECRET.encode(), raw, hashlib.sha256).digest()).decode()
        status, _, _ = self.call(client, "hook", "hook", "POST", f"/webhooks/shopify/{STORE}", {200}, raw,
                                 {"Content-Type": "application/json", "X-Shopify-Topic": topic,
                                  "X-Shopify-Webhook-Id": hook_id, "X-Shopify-Hmac-Sha256": signature}, wait)
        if status == 200 and not replay:
            with p.lock:
                p.last_hook = (topic, hook_id, body)
                if topic == "orders/create":
                    order = json.loads(body)
                    p.hook_orders.append({"id": order["id"], "body": order})
                    if len(p.hook_orders) > 2000:
                        p.hook_orders.pop(0)
                elif topic == "fulfillments/create":
                    p.hook_fulfilments.append((json.loads(body)["id"], to_ship["id"]))
                    p.hook_orders = [o for o in p.hook_orders if o["id"] != to_ship["id"]]

    def op_order(self, client, rng, wait):
        p = self.pools
        n = self.next_id()
        with p.lock:
            previous = rng.choice(p.api_orders) if (p.api_orders and rng.random() < 0.2) else None
        if previous:
            oid, customer, lines = previous
            lines = [dict(line, quantity=line["quantity"] + 1) for line in lines]
        else:
            oid = f"api-{n}"
            customer = rng.choice(p.history_customers) if rng.random() < 0.5 else f"a-{rng.randrange(1, 5001)}"
            lines = []
            for i in range(rng.randint(1, 3)):
                sku, title, category, price = rng.choice(PRODUCTS)
                lines.append({"id": f"l{i + 1}", "sku": sku, "title": title, "category": category,
                              "quantity": rng.randint(1, 2), "unit_price": price})
        body = {"id": oid, "number": f"#A{n}", "placed_at": now_iso(-5), "lines": lines,
                "customer": {"id": customer, "email": f"{customer}@soak.example", "first_name": customer.upper(),
                             "consents": [{"channel": "email", "purpose": "marketing", "granted": n % 2 == 0}]},
                "shipping": "4.99", "channel": "web"}
        status, _, _ = self.call(client, "order", "order", "POST", "/v1/orders", {200, 201}, json.dumps(body).encode(),
                                 self.api_headers(), wait)
        if status in (200, 201) and not previous:
            with p.lock:
                p.api_orders.append((oid, customer, lines))
                p.unsurveyed.append((oid, customer))
                if len(p.api_orders) > 5000:
                    p.api_orders.pop(0)
                if len(p.unsurveyed) > 500:
                    p.unsurveyed.pop(0)

    def op_event(self, client, rng, wait):
        p = self.pools
        n = self.next_id()
        with p.lock:
            replay = p.last_events if rng.random() < 0.05 else None
            survey = p.unsurveyed.pop(rng.randrange(len(p.unsurveyed))) \
                if (p.unsurveyed and rng.random() < 0.15) else None
            orders = list(p.api_orders[-50:])
        if replay:
            body = replay
        else:
            events = []
            for i in range(rng.randint(1, 5)):
                customer = rng.choice(p.history_customers)
                event = {"type": rng.choice(["page.viewed", "product.viewed", "cart.updated", "app.opened"]),
                         "customer_id": customer, "idempotency_key": f"soak-{n}-{i}", "occurred_at": now_iso(-1),
                         "payload": {"url": f"/products/{rng.randrange(40)}", "n": n}}
                if orders and rng.random() < 0.3:
                    oid, customer, _ = rng.choice(orders)
                    event.update(customer_id=customer, order_id=oid)
                events.append(event)
            if survey:
                events.append({"type": "soak.survey", "customer_id": survey[1], "order_id": survey[0],
                               "idempotency_key": f"soak-survey-{survey[0]}"})
            body = json.dumps({"events": events}).encode()
        status, _, _ = self.call(client, "event", "event", "POST", "/v1/events", {200, 201}, body, self.api_headers(), wait)
        if status in (200, 201):
            with p.lock:
                p.last_events = body

    def op_read(self, client, rng, wait):
        p = self.pools
        with p.lock:
            order = rng.choice(p.api_orders) if p.api_orders else None
        r = rng.random()
        if order and r < 0.45:
            path = "/v1/orders/" + urllib.parse.quote(order[0], safe="")
        elif order and r < 0.9:
            path = "/v1/customers/" + urllib.parse.quote(order[1], safe="")
        else:
            path = "/v1/stats"
        self.call(client, "read", "read", "GET", path, {200}, None, {"Authorization": "Bearer " + self.key}, wait)

    def op_receipt(self, client, rng, wait):
        token = self.pools.pick("receipts")
        self.call(client, "receipt", "receipt", "GET", f"/r/{token}", {200}, wait_ms=wait)

    def op_survey(self, client, rng, wait):
        kind, token = self.pools.pick("surveys")
        score = rng.randint(0, 10) if kind == "nps" else rng.randint(1, 5)
        voter = Client(self.port, source=self.next_source())
        try:
            status, _, data = self.call(voter, "survey", "survey_page", "GET", f"/{kind}/{token}?score={score}", {200},
                                        wait_ms=wait)
            match = CSRF_RE.search(data.decode("utf-8", "replace")) if status == 200 else None
            if match:
                self.call(voter, "survey", "survey_vote", "POST", f"/{kind}/{token}", {200},
                          form({"csrf": match.group(1), "score": score}),
                          {"Content-Type": "application/x-www-form-urlencoded"})
            elif status == 200:
                self.recorder.add(time.monotonic() - self.t0, "survey", "survey_vote", -1, 0, None, {200}, "no csrf field")
        finally:
            voter.close()

    def op_rvote(self, client, rng, wait):
        token = self.pools.pick("receipts")
        voter = Client(self.port, source=self.next_source())
        try:
            status, _, data = self.call(voter, "rvote", "rvote_page", "GET", f"/r/{token}", {200}, wait_ms=wait)
            match = CSRF_RE.search(data.decode("utf-8", "replace")) if status == 200 else None
            if match:
                self.call(voter, "rvote", "rvote_vote", "POST", f"/r/{token}/nps", {303},
                          form({"csrf": match.group(1), "score": rng.randint(0, 10)}),
                          {"Content-Type": "application/x-www-form-urlencoded"})
            elif status == 200:
                self.recorder.add(time.monotonic() - self.t0, "rvote", "rvote_vote", -1, 0, None, {303}, "no csrf field")
        finally:
            voter.close()

    def op_admin(self, client, rng, wait):
        path = self.pools.pick("admin_pages")
        self.call(client, "admin", "admin", "GET", path, {200}, None, {"Cookie": self.admin_jar.header()}, wait)

    def op_analytics(self, client, rng, wait):
        with self.pools.lock:
            pages = self.pools.analytics_pages
            path = pages[self.pools.analytics_next % len(pages)]
            self.pools.analytics_next += 1
        page = path.split("/stores/", 1)[-1].split("/", 1)[-1]
        self.call(client, "analytics", page, "GET", path, {200}, None, {"Cookie": self.admin_jar.header()}, wait)

    def op_login(self, client, rng, wait, jar=None):
        """Sign in: GET the form (nonce cookie + csrf field), POST it; 303 with a session cookie."""
        jar = jar or Jar()
        status, headers, data = self.call(client, "login", "login_page", "GET", "/admin/login", {200}, wait_ms=wait)
        if status != 200:
            return None
        jar.update(headers)
        match = CSRF_RE.search(data.decode("utf-8", "replace"))
        if not match:
            self.recorder.add(time.monotonic() - self.t0, "login", "login", -1, 0, None, {303}, "no csrf field on the login form")
            return None
        status, headers, _ = self.call(
            client, "login", "login", "POST", "/admin/login", {303},
            form({"csrf": match.group(1), "email": ADMIN_EMAIL, "password": ADMIN_PASSWORD}),
            {"Content-Type": "application/x-www-form-urlencoded", "Cookie": jar.header()})
        if status == 303:
            jar.update(headers)
            return jar if "encore_session" in jar.cookies else None
        return None

    # threads -------------------------------------------------------------------------------------
    def scheduler(self, until):
        rng = random.Random(self.seed)
        names = [name for name, _, _ in MIX]
        weights = [weight for _, weight, _ in MIX]
        costs = {name: cost for name, _, cost in MIX}
        costs["login"] = 2
        rate = float(self.args.rate)
        due = self.t0
        costs["analytics"] = 1
        next_login = self.t0 + 5 if LOGIN_EVERY != float("inf") else float("inf")
        next_analytics = self.t0 + 2 if self.pools.analytics_pages and ANALYTICS_EVERY != float("inf") else float("inf")
        while not self.stop.is_set() and due < until:
            delay = due - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            if due >= next_login:
                name = "login"
                next_login += LOGIN_EVERY
            elif due >= next_analytics:
                name = "analytics"
                next_analytics += ANALYTICS_EVERY
            else:
                name = rng.choices(names, weights)[0]
                if name == "survey" and not self.pools.surveys:
                    name = "rvote"
            self.jobs.put((due, name))
            self.max_backlog = max(self.max_backlog, self.jobs.qsize())
            due += costs[name] / rate

    def worker(self, index):
        rng = random.Random(self.seed * 1000 + index)
        client = Client(self.port)
        while True:
            job = self.jobs.get()
            if job is None:
                break
            due, name = job
            wait = max(0.0, (time.monotonic() - due) * 1000)
            try:
                getattr(self, "op_" + name)(client, rng, wait)
            except Exception as error:  # a bug of this script, not of the server: make it visible
                self.recorder.add(time.monotonic() - self.t0, name, name + "_script", -2, 0, 0, {200},
                                  f"script error: {type(error).__name__}: {error}")
        self.retries += client.retries
        client.close()


# ---------------------------------------------------------------------------------------------- observation


def parse_metrics(text):
    values = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        try:
            name_labels, value = line.rsplit(" ", 1)
            values[name_labels] = float(value)
        except ValueError:
            continue
    return values


def metric_sum(values, name, **labels):
    total, found = 0.0, False
    for key, value in values.items():
        base = key.split("{", 1)[0]
        if base != name:
            continue
        if any(f'{k}="{v}"' not in key for k, v in labels.items()):
            continue
        total += value
        found = True
    return total if found else None


def metric_max(values, prefix, suffix):
    found = [v for k, v in values.items() if k.startswith(prefix) and k.split("{", 1)[0].endswith(suffix)]
    return max(found) if found else None


class Sampler:
    """Every 5 s: the server's /proc figures and a /metrics scrape."""

    def __init__(self, port, pid, t0_getter):
        self.port, self.pid = port, pid
        self.t0_getter = t0_getter
        self.samples = []
        self.stop = threading.Event()
        self.has_metrics = None
        self.last_metrics = {}
        self.ticks = os.sysconf("SC_CLK_TCK")

    def proc(self):
        out = {}
        try:
            with open(f"/proc/{self.pid}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        out["rss"] = int(line.split()[1]) * 1024
                    elif line.startswith("RssAnon:"):
                        out["rss_anon"] = int(line.split()[1]) * 1024
                    elif line.startswith("Threads:"):
                        out["threads"] = int(line.split()[1])
            with open(f"/proc/{self.pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
                out["cpu_s"] = (int(fields[11]) + int(fields[12])) / self.ticks
            out["fds"] = len(os.listdir(f"/proc/{self.pid}/fd"))
        except (OSError, ValueError, IndexError):
            pass
        with open("/proc/loadavg") as f:
            out["load"] = float(f.read().split()[0])
        return out

    def scrape(self):
        client = Client(self.port, timeout=10)
        try:
            status, _, data = client.request("GET", "/metrics")
        except Exception:
            return None
        finally:
            client.close()
        if status != 200:
            self.has_metrics = False if self.has_metrics is None else self.has_metrics
            return None
        self.has_metrics = True
        return parse_metrics(data.decode())

    def sample(self):
        s = {"t": time.monotonic() - self.t0_getter()}
        s.update(self.proc())
        m = self.scrape()
        if m is not None:
            self.last_metrics = m
            s["rss_metrics"] = m.get("process_resident_memory_bytes")
            s["storage_memory"] = m.get("encore_storage_memory_bytes")
            s["page_cache"] = m.get("encore_page_cache_bytes")
            s["outbox_depth"] = metric_sum(m, "encore_outbox_depth")
            s["outbox_due"] = metric_sum(m, "encore_outbox_due")
            s["outbox_lag"] = metric_max(m, "encore_outbox_lag_seconds", "encore_outbox_lag_seconds")
            s["inbox_lag"] = m.get("encore_journey_inbox_lag_seconds")
            s["timers_lag"] = m.get("encore_journey_timers_lag_seconds")
            s["loyalty_lag"] = m.get("encore_loyalty_inbox_lag_seconds")
            s["due_total"] = sum(x or 0 for x in (
                s["outbox_due"], m.get("encore_journey_inbox_due"), m.get("encore_journey_timers_due"),
                m.get("encore_loyalty_inbox_due")))
            s["worker_failures"] = metric_sum(m, "encore_worker_failures_total") or 0
            s["db_up"] = m.get("encore_database_up")
        self.samples.append(s)
        return s

    def run(self):
        while not self.stop.wait(5.0):
            self.sample()


class Harvester:
    """Reads the SMTP sink's messages as they arrive, keeps their /r/, /nps/ and /csat/ links, deletes them."""

    def __init__(self, directory, pools, hookdir=None):
        self.directory, self.pools, self.hookdir = directory, pools, hookdir
        self.count = 0
        self.hooks = 0
        self.arrivals = []  # offsets (monotonic) of messages seen
        self.stop = threading.Event()
        self.new_links = 0

    def scan(self):
        if self.hookdir:
            try:
                for name in os.listdir(self.hookdir):
                    if name.endswith(".json"):
                        os.remove(os.path.join(self.hookdir, name))
                        self.hooks += 1
            except OSError:
                pass
        try:
            names = os.listdir(self.directory)
        except OSError:
            return
        for name in names:
            if not name.endswith(".json") or name.endswith(".tmp"):
                continue
            base = os.path.join(self.directory, name[:-5])
            try:
                with open(base + ".json") as f:
                    message = json.load(f)
            except (OSError, ValueError):
                continue
            for part in message.get("parts", []):
                if part.get("content_type") == "text/plain":
                    for kind, token in LINK_RE.findall(part.get("text") or ""):
                        if self.pools.add_link(kind, token):
                            self.new_links += 1
            self.count += 1
            self.arrivals.append(time.monotonic())
            for suffix in (".json", ".eml"):
                try:
                    os.remove(base + suffix)
                except OSError:
                    pass

    def run(self):
        while not self.stop.wait(1.0):
            self.scan()


# ---------------------------------------------------------------------------------------------- report


def summarize(records, minute, samples, harvester_arrivals, t0):
    lo, hi = (minute - 1) * 60.0, minute * 60.0
    rows = [r for r in records if lo <= r[0] < hi]
    latencies = sorted(r[4] for r in rows if r[3] > 0)
    errors = sum(1 for r in rows if r[3] == 0 or r[3] >= 500)
    unexpected = sum(1 for r in rows if not r[6] and not (r[3] == 0 or r[3] >= 500))
    kinds = {}
    for kind in KINDS:
        ks = sorted(r[4] for r in rows if r[1] == kind and r[3] > 0)
        bad = sum(1 for r in rows if r[1] == kind and not r[6])
        n = sum(1 for r in rows if r[1] == kind)
        if n:
            kinds[kind] = {"requests": n, "p50_ms": round(percentile(ks, 50) or 0, 1),
                           "p99_ms": round(percentile(ks, 99) or 0, 1), "bad": bad}
    in_minute = [s for s in samples if lo <= s["t"] < hi]
    last = in_minute[-1] if in_minute else {}
    rss = median([s.get("rss") for s in in_minute])

    def mx(key):
        values = [s.get(key) for s in in_minute if s.get(key) is not None]
        return max(values) if values else None

    cpu = None
    previous = [s for s in samples if s["t"] <= lo + 1 and "cpu_s" in s]
    if in_minute and "cpu_s" in last and previous:
        cpu = 100.0 * (last["cpu_s"] - previous[-1]["cpu_s"]) / (last["t"] - previous[-1]["t"])
    queue_lags = [mx(k) for k in ("outbox_lag", "inbox_lag", "timers_lag", "loyalty_lag")]
    queue_lags = [v for v in queue_lags if v is not None]
    return {
        "minute": minute,
        "requests": len(rows),
        "rps": round(len(rows) / 60.0, 1),
        "errors": errors,
        "error_rate": round(errors / len(rows), 5) if rows else 0.0,
        "unexpected": unexpected,
        "unexpected_rate": round(unexpected / len(rows), 5) if rows else 0.0,
        "p50_ms": round(percentile(latencies, 50) or 0, 1),
        "p99_ms": round(percentile(latencies, 99) or 0, 1),
        "max_wait_ms": round(max((r[5] or 0 for r in rows), default=0), 1),
        "kinds": kinds,
        "rss_mib": round(rss / MIB, 1) if rss else None,
        "rss_metrics_mib": round(last["rss_metrics"] / MIB, 1) if last.get("rss_metrics") else None,
        "rss_anon_mib": round(last["rss_anon"] / MIB, 1) if last.get("rss_anon") else None,
        "storage_memory_mib": round(last["storage_memory"] / MIB, 1) if last.get("storage_memory") is not None else None,
        "page_cache_mib": round(last["page_cache"] / MIB, 1) if last.get("page_cache") is not None else None,
        "outbox_depth": last.get("outbox_depth"),
        "outbox_due": last.get("outbox_due"),
        "outbox_lag_s": mx("outbox_lag"),
        "inbox_lag_s": mx("inbox_lag"),
        "timers_lag_s": mx("timers_lag"),
        "queue_lag_s": max(queue_lags) if queue_lags else None,
        "emails": sum(1 for a in harvester_arrivals if lo <= a - t0 < hi),
        "server_cpu_pct": round(cpu, 0) if cpu is not None else None,
        "fds": last.get("fds"),
        "threads": last.get("threads"),
        "loadavg": last.get("load"),
    }


def fmt(value, spec="{:.0f}"):
    return "-" if value is None else spec.format(value)


def minute_line(m):
    kinds = " ".join(f"{k}={v['p50_ms']:.0f}/{v['p99_ms']:.0f}" for k, v in m["kinds"].items())
    return (f"{m['minute']:>3} {m['requests']:>5} {m['rps']:>5.1f} {m['max_wait_ms'] / 1000:>5.1f} {m['errors']:>4} {m['unexpected']:>4} "
            f"{m['p50_ms']:>6.1f} {m['p99_ms']:>7.1f} {fmt(m['rss_mib'], '{:>6.1f}')}/{fmt(m.get('storage_memory_mib'), '{:.1f}')}"
            f"/{fmt(m.get('page_cache_mib'), '{:<5.1f}')} "
            f"{fmt(m['outbox_depth'])}/{fmt(m['outbox_due'])}/{fmt(m['outbox_lag_s'], '{:.1f}')}s "
            f"{fmt(m['inbox_lag_s'], '{:.1f}')}s/{fmt(m['timers_lag_s'], '{:.1f}')}s {m['emails']:>5} "
            f"{fmt(m['server_cpu_pct'])}% {fmt(m['fds'])} {fmt(m['loadavg'], '{:.1f}')} | {kinds}")


HEADER = ("min  reqs   rps  late  err unex  p50ms   p99ms  RSS/SQLite/pages MiB  outbox depth/due/lag  inbox/timers lag  "
          "mails cpu fds load | per operation p50/p99 ms")


def windows(n):
    """The minutes compared for memory and lag: the middle third (after a first third of warm-up, in
    which the page cache, the allocator's arenas and SQLite's caches fill) and the last third."""
    k = max(1, n // 3)
    base = list(range(max(2, k + 1), max(2, 2 * k) + 1))
    end = list(range(n - k + 1, n + 1))
    return base, end


def verdict(minutes, totals, drain, worker_failures, exit_code, has_metrics):
    n = len(minutes)
    checks = []
    errors, unexpected = totals["errors"], totals["unexpected"]
    checks.append(("errors", errors == 0, f"{errors} errors (5xx or no answer) in {totals['requests']} requests"))
    checks.append(("unexpected", unexpected == 0, f"{unexpected} unexpected answers (other 4xx/3xx)"))
    late = totals["late_share"]
    checks.append(("rate held", late <= 0.01,
                   f"{100 * late:.2f}% of operations started more than 1 s after their turn (at most 1%; "
                   f"largest backlog {totals['max_backlog']} operations)"))
    figures = {}
    if n >= 3:
        base, end = windows(n)
        rss = {m["minute"]: m["rss_mib"] for m in minutes}
        b = median([rss.get(i) for i in base])
        e = median([rss.get(i) for i in end])
        if b is not None and e is not None:
            limit = b * 1.10 + 16
            figures["memory"] = {"base_minutes": base, "end_minutes": end, "base_mib": b, "end_mib": e,
                                 "growth_mib": round(e - b, 1), "limit_mib": round(limit, 1)}
            checks.append(("memory flat", e <= limit,
                           f"median RSS {b:.1f} MiB (minutes {base[0]}-{base[-1]}) -> {e:.1f} MiB (minutes "
                           f"{end[0]}-{end[-1]}), growth {e - b:+.1f} MiB, limit {limit:.1f} MiB (base x 1.10 + 16)"))
        if has_metrics:
            lag = {m["minute"]: m["queue_lag_s"] for m in minutes}
            lb = median([lag.get(i) for i in base]) or 0.0
            le = median([lag.get(i) for i in end]) or 0.0
            bound = max(30.0, 2 * lb + 10)
            figures["queue_lag"] = {"base_s": lb, "end_s": le, "bound_s": bound}
            checks.append(("queues keep up", le <= bound,
                           f"median of the per-minute largest queue lag {lb:.1f} s -> {le:.1f} s, bound {bound:.1f} s"))
    else:
        checks.append(("memory flat", True, "not judged: fewer than 3 minutes"))
    if has_metrics:
        checks.append(("queues drain", drain is not None,
                       f"every queue's due count reached 0 {drain:.0f} s after the load stopped" if drain is not None
                       else "queues still had due work 120 s after the load stopped"))
        checks.append(("workers", worker_failures == 0, f"{worker_failures:.0f} failed worker passes"))
    else:
        checks.append(("metrics", True, "the binary has no /metrics: queue and worker checks skipped"))
    checks.append(("shutdown", exit_code == 0, f"encore serve exited {exit_code} on SIGTERM"))
    return checks, figures


# ---------------------------------------------------------------------------------------------- main


def main():
    global MIX, LOGIN_EVERY, ANALYTICS_EVERY
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--minutes", type=int, default=30)
    parser.add_argument("--rate", type=float, default=50.0, help="requests per second, all kinds together (default 50)")
    parser.add_argument("--postgres-url", help="PostgreSQL server (a database to connect to for CREATE/DROP DATABASE)")
    parser.add_argument("--threads", type=int, default=24, help="worker threads (default 24)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--history-customers", type=int, default=1500, help="customers in the imported history")
    parser.add_argument("--mix", default="", metavar="OP=W,...",
                        help="change weights, e.g. admin=0,receipt=40 (operations: " + ", ".join(n for n, _, _ in MIX)
                        + "; login=0 stops the sign-ins every 30 s)")
    parser.add_argument("--analytics-every", type=float, default=ANALYTICS_EVERY, metavar="S",
                        help=f"seconds between views of an analytics page (default {ANALYTICS_EVERY:g}; 0: none)")
    parser.add_argument("--serve-arg", action="append", default=[], metavar="ARG",
                        help="one more argument for encore serve, repeatable (e.g. --serve-arg=--page-cache-mb=0)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory (always kept on failure)")
    args = parser.parse_args()
    if args.minutes < 1 or args.rate <= 0:
        parser.error("--minutes must be >= 1 and --rate > 0")
    weights = {name: weight for name, weight, _ in MIX}
    for item in filter(None, args.mix.split(",")):
        name, _, weight = item.partition("=")
        if name == "login" and weight in ("0", "0.0"):
            LOGIN_EVERY = float("inf")
            continue
        if name not in weights or not weight.replace(".", "", 1).isdigit():
            parser.error(f"--mix: '{item}' is not OP=WEIGHT with OP one of {', '.join(weights)}")
        weights[name] = float(weight)
    MIX = [(name, weights[name], cost) for name, _, cost in MIX]
    ANALYTICS_EVERY = args.analytics_every if args.analytics_every > 0 else float("inf")
    if sum(w for _, w, _ in MIX) <= 0:
        parser.error("--mix: every weight is 0")

    rng = random.Random(args.seed)
    workdir = tempfile.mkdtemp(prefix="encore-soak.")
    setup = Setup(args, workdir)
    if not os.path.exists(setup.bin):
        sys.exit(f"soak: no binary at {setup.bin} (set ENCORE_BIN)")
    pools = Pools(random.Random(args.seed + 7))
    recorder = Recorder()
    server = sink = hook_sink = None
    ok = False
    report_path = os.environ.get("SOAK_REPORT")
    server_log = os.path.join(workdir, "server.log")

    def on_signal(signum, _frame):
        raise KeyboardInterrupt()

    signal.signal(signal.SIGTERM, on_signal)
    try:
        log(f"soak: {args.minutes} min at {args.rate:g} req/s, {args.threads} threads, binary {setup.bin}, "
            f"directory {workdir}, {os.cpu_count()} CPUs, load average {open('/proc/loadavg').read().split()[0]}, "
            f"MALLOC_ARENA_MAX={os.environ.get('MALLOC_ARENA_MAX', 'unset')}")
        # ---- database and records
        setup.create_database()
        log(f"soak: database {re.sub(r':[^:@/]*@', ':***@', setup.database_url)}")
        port = free_port()
        base_url = f"http://127.0.0.1:{port}"
        setup.encore("stores", "create", STORE, "--webhook-secret", WEBHOOK_SECRET, "--organisation", "soak")
        setup.encore("stores", "settings", STORE, "--display-name", "Soak Shop", "--sender-email",
                     "shop@soak.example", "--support-email", "care@soak.example", "--url", "https://soak.example")
        key = setup.encore("keys", "create", "--store", STORE).split()[-1]
        setup.encore("users", "create", "--email", ADMIN_EMAIL, "--organisation", "soak", "--password-stdin",
                     stdin=ADMIN_PASSWORD + "\n")
        # ---- sinks: SMTP for e-mail, HTTP for the detractor journey's webhook
        maildir = os.path.join(workdir, "mail")
        sink = subprocess.Popen([sys.executable, os.path.join(ROOT, "scripts", "smtp-sink.py"), "--dir", maildir,
                                 "--port", "0", "--exit-on-stdin-eof"], stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, text=True)
        ready = sink.stdout.readline().split()
        if not ready or ready[0] != "READY":
            sys.exit("soak: scripts/smtp-sink.py did not start (pip install aiosmtpd)")
        smtp_port = int(ready[1])
        hookdir = os.path.join(workdir, "hooks")
        hook_sink = subprocess.Popen([sys.executable, os.path.join(ROOT, "scripts", "http-sink.py"), "--dir", hookdir,
                                      "--port", "0", "--status", "200"], stdout=subprocess.PIPE, text=True)
        ready = hook_sink.stdout.readline().split()
        if not ready or ready[0] != "READY":
            sys.exit("soak: scripts/http-sink.py did not start")
        hook_port = int(ready[1])
        setup.encore("journeys", "apply", "--defaults", "--store", STORE)
        with open(os.path.join(SOAK_DIR, "journeys", "detractor-apology.yaml")) as f:
            detractor = f.read().replace("${WEBHOOK_URL}", f"http://127.0.0.1:{hook_port}/hooks/encore")
        os.makedirs(os.path.join(workdir, "journeys"))
        with open(os.path.join(workdir, "journeys", "detractor-apology.yaml"), "w") as f:
            f.write(detractor)
        setup.encore("journeys", "apply", os.path.join(workdir, "journeys", "detractor-apology.yaml"),
                     os.path.join(SOAK_DIR, "journeys", "soak-survey.yaml"), "--store", STORE)
        history_file = os.path.join(workdir, "history.csv")
        history = setup.history_csv(history_file, rng)
        started = time.monotonic()
        setup.encore("import", history_file, "--format", "csv", "--store", STORE)
        log(f"soak: imported {len(history)} historical orders of {args.history_customers} customers "
            f"in {time.monotonic() - started:.1f} s")
        pools.history_customers = sorted({c for _, c in history})
        for order_id, _ in rng.sample(history, 16):
            url = setup.encore("receipts", "link", "--order", order_id, "--store", STORE, "--base-url", base_url).strip()
            match = LINK_RE.search(url)
            if not match:
                sys.exit(f"soak: receipts link printed no /r/ URL: {url}")
            pools.add_link("r", match.group(2))

        serve_help = subprocess.run([setup.bin, "serve", "--help"], capture_output=True, text=True).stdout
        log_options = ["--log-format", "json"] if "--log-format" in serve_help else []
        if not log_options:
            log("soak: this binary has no --log-format: the server's log is text")
        with open(server_log, "w") as err, open(os.path.join(workdir, "server.out"), "w") as out:
            server = subprocess.Popen(
                [setup.bin, "serve", "--database", setup.database_url, "--hostname", "127.0.0.1", "--port", str(port),
                 "--base-url", base_url, "--smtp-url", f"smtp://127.0.0.1:{smtp_port}?tls=none",
                 *log_options, *args.serve_arg], stdout=out, stderr=err, env=setup.env)
        deadline = time.monotonic() + 120
        while True:
            if server.poll() is not None:
                sys.exit(f"soak: encore serve exited {server.returncode} at start; see {server_log}")
            try:
                probe = Client(port, timeout=5)
                if any(probe.request("GET", path)[0] == 200 for path in ("/readyz", "/health")):
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                sys.exit("soak: encore serve not ready after 120 s")
            time.sleep(0.3)
        log(f"soak: encore serve pid {server.pid} at {base_url}, SMTP sink on {smtp_port}, log {server_log}")

        # ---- live orders, survey mails, admin session
        load = Load(args, port, key, pools, recorder, args.seed)
        load.t0 = time.monotonic()
        setup_recorder = Recorder()
        load.recorder = setup_recorder
        sampler = Sampler(port, server.pid, lambda: load.t0)
        harvester = Harvester(maildir, pools, hookdir)
        threading.Thread(target=harvester.run, daemon=True).start()
        client = Client(port)
        for _ in range(40):
            load.op_order(client, rng, 0)
        with pools.lock:
            seeded = list(pools.unsurveyed)
            pools.unsurveyed.clear()
        events = [{"type": "soak.survey", "customer_id": c, "order_id": o, "idempotency_key": f"soak-survey-{o}"}
                  for o, c in seeded]
        load.call(client, "event", "event", "POST", "/v1/events", {200, 201}, json.dumps({"events": events}).encode(),
                  load.api_headers())
        deadline = time.monotonic() + 120
        while len(pools.surveys) < 2 * len(seeded) and time.monotonic() < deadline:
            time.sleep(1)
        log(f"soak: {len(seeded)} live orders, {harvester.count} e-mails received, {len(pools.surveys)} survey links, "
            f"{len(pools.receipts)} receipt links")
        if not pools.surveys:
            sys.exit("soak: no survey e-mail arrived within 120 s (journeys or outbox not working); see " + server_log)
        if load.op_login(client, rng, 0, load.admin_jar) is None:
            sys.exit("soak: admin sign-in failed: " + repr(setup_recorder.problems))
        status, _, data = load.call(client, "admin", "admin", "GET", "/admin", {200}, None,
                                    {"Cookie": load.admin_jar.header()})
        ids = re.findall(r"/admin/stores/(\d+)", data.decode("utf-8", "replace"))
        if not ids:
            sys.exit("soak: the admin home page links no store")
        sid = ids[0]
        customer = urllib.parse.quote(pools.history_customers[0], safe="")
        lists = ["/admin"] + [f"/admin/stores/{sid}/{page}" for page in (
            "customers", f"customers/{customer}", "outbox", "mailbox", "tickets", "reviews", "returns", "loyalty")]
        analytics = [f"/admin/stores/{sid}/{page}" for page in (
            "overview", "journey-map", "journeys", "journeys/order-confirmation", "journeys/seven-day-follow-up")]
        refused = {}
        for path in lists + analytics:
            status, _, _ = load.call(client, "admin", "admin", "GET", path, {200}, None, {"Cookie": load.admin_jar.header()})
            if status == 200:
                (pools.admin_pages if path in lists else pools.analytics_pages).append(path)
            else:
                refused[path] = status
        client.close()
        if refused:
            log(f"soak: admin pages left out of the mix: {refused}")
        setup_errors = {f"{k[0]} {k[1]}": v for k, v in setup_recorder.problems.items()}
        if any(s == 0 or s >= 500 for s in refused.values()):
            log(f"soak: server errors during setup: {setup_errors}")

        # ---- load
        load.recorder = recorder
        log(f"soak: load starts: {len(pools.admin_pages)} admin lists in the mix, {len(pools.analytics_pages)} analytics "
            f"pages one every {ANALYTICS_EVERY:g} s, a sign-in every {LOGIN_EVERY:g} s, vote sources "
            f"{VOTE_SOURCES[0]}-{VOTE_SOURCES[-1]}")
        log(HEADER)
        load.t0 = time.monotonic()
        sampler.sample()
        threading.Thread(target=sampler.run, daemon=True).start()
        until = load.t0 + args.minutes * 60
        workers = [threading.Thread(target=load.worker, args=(i,), daemon=True) for i in range(args.threads)]
        for w in workers:
            w.start()
        scheduler = threading.Thread(target=load.scheduler, args=(until,), daemon=True)
        scheduler.start()
        minutes = []
        for minute in range(1, args.minutes + 1):
            target = load.t0 + minute * 60 + 2  # two seconds' grace for the minute's last answers
            while time.monotonic() < target:
                time.sleep(min(1.0, max(0.0, target - time.monotonic())))
                if server.poll() is not None:
                    break
            if server.poll() is not None:
                log(f"soak: encore serve exited {server.returncode} during the load")
                break
            with recorder.lock:
                records = list(recorder.records)
            m = summarize(records, minute, sampler.samples, harvester.arrivals, load.t0)
            minutes.append(m)
            log(minute_line(m))
        scheduler.join(timeout=5)
        for _ in workers:
            load.jobs.put(None)
        for w in workers:
            w.join(timeout=60)
        load_end = time.monotonic()
        with recorder.lock:
            records = list(recorder.records)
        minutes = [summarize(records, m["minute"], sampler.samples, harvester.arrivals, load.t0) for m in minutes]

        # ---- drain, shutdown
        sampler.stop.set()
        drain = None
        if sampler.has_metrics and server.poll() is None:
            while time.monotonic() - load_end < 120:
                s = sampler.sample()
                if s.get("due_total") == 0:
                    drain = time.monotonic() - load_end
                    break
                time.sleep(2)
        final = sampler.sample() if server.poll() is None else {}
        metrics = sampler.last_metrics
        harvester.scan()
        harvester.stop.set()
        exit_code = server.poll()
        if exit_code is None:
            server.send_signal(signal.SIGTERM)
            try:
                exit_code = server.wait(timeout=60)
            except subprocess.TimeoutExpired:
                server.kill()
                exit_code = "killed after 60 s"
        server = None

        # ---- figures
        done = [r for r in records if r[3] > 0]
        latencies = sorted(r[4] for r in done)
        totals = {
            "requests": len(records),
            "errors": sum(1 for r in records if r[3] == 0 or r[3] >= 500),
            "unexpected": sum(1 for r in records if not r[6] and not (r[3] == 0 or r[3] >= 500)),
            "p50_ms": round(percentile(latencies, 50) or 0, 1),
            "p99_ms": round(percentile(latencies, 99) or 0, 1),
            "max_ms": round(latencies[-1], 1) if latencies else None,
            "achieved_rps": round(len(records) / (args.minutes * 60.0), 2),
            "max_backlog": load.max_backlog,
            "late_share": round(sum(1 for r in records if (r[5] or 0) > 1000)
                                / max(1, sum(1 for r in records if r[5] is not None)), 5),
            "stale_connection_retries": load.retries,
            "emails": harvester.count,
            "webhooks": harvester.hooks,
            "links_harvested": harvester.new_links,
        }
        kinds = {}
        for kind in KINDS:
            ks = sorted(r[4] for r in done if r[1] == kind)
            if ks:
                kinds[kind] = {"requests": sum(1 for r in records if r[1] == kind),
                               "p50_ms": round(percentile(ks, 50), 1), "p99_ms": round(percentile(ks, 99), 1),
                               "bad": sum(1 for r in records if r[1] == kind and not r[6])}
        sent = {}
        for k, v in metrics.items():
            if k.startswith("encore_messages_sent_total"):
                sent[k.split("{", 1)[1].rstrip("}")] = v
        worker_failures = metric_sum(metrics, "encore_worker_failures_total") or 0
        served_count = metric_sum(metrics, "encore_http_request_duration_seconds_count")
        served_sum = metric_sum(metrics, "encore_http_request_duration_seconds_sum")
        log_levels = {}
        error_lines = []
        try:
            with open(server_log) as f:
                for line in f:
                    try:
                        entry = json.loads(line)
                    except ValueError:
                        continue
                    level = entry.get("level", "?")
                    log_levels[level] = log_levels.get(level, 0) + 1
                    if level in ("error", "critical", "warning") and len(error_lines) < 10:
                        error_lines.append(line.strip()[:300])
        except OSError:
            pass
        checks, figures = verdict(minutes, totals, drain, worker_failures, exit_code, sampler.has_metrics)
        ok = all(passed for _, passed, _ in checks)

        log("")
        log(f"soak: {totals['requests']} requests in {args.minutes} min ({totals['achieved_rps']} req/s of "
            f"{args.rate:g}), p50 {totals['p50_ms']} ms, p99 {totals['p99_ms']} ms, max {totals['max_ms']} ms; "
            f"largest backlog {totals['max_backlog']} operations; {totals['stale_connection_retries']} retries "
            f"on idle keep-alive connections")
        log("soak: per operation (requests, p50/p99 ms, bad): " + ", ".join(
            f"{k} {v['requests']} {v['p50_ms']:.0f}/{v['p99_ms']:.0f} {v['bad']}" for k, v in kinds.items()))
        pages = {}
        for start, kind, request, status, latency, _, _ in recorder.records:
            if kind == "analytics":
                pages.setdefault(request, []).append((start, latency))
        if pages:
            def page_figures(views):
                first = sorted(latency for start, latency in views if start < args.minutes * 60 / 3)
                last = sorted(latency for start, latency in views if start >= args.minutes * 60 * 2 / 3)
                return f"{fmt(percentile(first, 50))} -> {fmt(percentile(last, 50))}"
            totals["analytics_pages"] = {
                page: {"views": len(views), "p50_ms": percentile(sorted(latency for _, latency in views), 50)}
                for page, views in pages.items()}
            log("soak: analytics pages, p50 ms in the first third -> the last third: " + ", ".join(
                f"{page} {page_figures(views)}" for page, views in sorted(pages.items())))
        loads = [x["load"] for x in sampler.samples if "load" in x]
        totals["loadavg_median"] = median(loads)
        totals["loadavg_max"] = max(loads) if loads else None
        log(f"soak: machine: {os.cpu_count()} CPUs, 1-minute load average median {fmt(totals['loadavg_median'], '{:.1f}')}, "
            f"max {fmt(totals['loadavg_max'], '{:.1f}')} (above the CPU count, latency says more about the machine "
            f"than about Encore)")
        log(f"soak: {harvester.count} e-mails received by the SMTP sink, {harvester.hooks} webhooks by the HTTP sink; "
            f"sends {sent or 'n/a'}")
        if served_count:
            log(f"soak: server-side mean request time {1000 * served_sum / served_count:.1f} ms over "
                f"{served_count:.0f} requests (/metrics histogram)")
        log(f"soak: server log lines by level {log_levels}; final queues: outbox depth {final.get('outbox_depth')}, "
            f"due total {final.get('due_total')}")
        for line in error_lines:
            log("  log: " + line)
        for (name, status), (count, sample) in sorted(recorder.problems.items(), key=lambda i: -i[1][0])[:15]:
            log(f"  {count} x {name} status {status}: {sample}")
        for name, passed, text in checks:
            log(f"soak: {'PASS' if passed else 'FAIL'} {name}: {text}")
        log(f"soak: {'PASSED' if ok else 'FAILED'}")
        if report_path:
            with open(report_path, "w") as f:
                json.dump({"minutes": minutes, "totals": totals, "per_operation": kinds, "sends": sent,
                           "figures": figures, "log_levels": log_levels,
                           "checks": [{"name": n, "passed": p, "detail": t} for n, p, t in checks],
                           "rate": args.rate, "threads": args.threads,
                           "backend": "postgres" if args.postgres_url else "sqlite", "passed": ok}, f, indent=1)
            log(f"soak: report written to {report_path}")
    except KeyboardInterrupt:
        log("soak: interrupted")
    finally:
        if server is not None and server.poll() is None:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
        if hook_sink is not None and hook_sink.poll() is None:
            hook_sink.terminate()
            try:
                hook_sink.wait(timeout=10)
            except subprocess.TimeoutExpired:
                hook_sink.kill()
        if sink is not None and sink.poll() is None:
            try:
                sink.stdin.close()
                sink.wait(timeout=10)
            except Exception:
                sink.kill()
        setup.drop_database()
        if ok and not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
        else:
            log(f"soak: kept {workdir} (server.log, server.out)")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
