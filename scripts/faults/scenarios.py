"""The fault scenarios. Each takes a Context and returns a Result; a failed expectation is a
problem in the Result, a scenario that could not run raises harness.Failure."""
import collections
import glob
import os
import shutil
import subprocess
import threading
import time

from faults.harness import (REPO, Admin, Encore, Failure, Outbox, PostgresDB, Server, SQLiteDB, free_port,
                            message_id_local, metric, metric_sum, metrics, order_payload, post_order, probe,
                            wait_until, write_journeys)
from faults.sinks import FaultyHTTP, FaultySMTP


class Result:
    def __init__(self, name):
        self.name = name
        self.injected = ""
        self.attempts = ""
        self.reported = ""
        self.recovery = None        # seconds from the fault's removal to everything done
        self.problems = []          # failed expectations
        self.notes = []
        self.seconds = 0.0

    def expect(self, condition, problem):
        if not condition:
            self.problems.append(problem)
        return bool(condition)

    @property
    def ok(self):
        return not self.problems

    def to_json(self):
        return dict(self.__dict__)


class Context:
    def __init__(self, binary, workdir, retry_ms, lease_ms, slow_seconds, log):
        self.binary = binary
        self.workdir = workdir
        self.retry_ms = retry_ms
        self.lease_ms = lease_ms
        self.slow_seconds = slow_seconds
        self.log = log

    @property
    def env(self):
        return {"ENCORE_RETRY_BASE_MS": str(self.retry_ms), "ENCORE_OUTBOX_LEASE_MS": str(self.lease_ms)}

    def path(self, *parts):
        return os.path.join(self.workdir, *parts)


class Sampler(threading.Thread):
    """Scrapes /metrics every half second: the largest outbox depth and lag per channel, the
    lowest encore_database_up, the last counters."""

    def __init__(self, port):
        super().__init__(daemon=True)
        self.port = port
        self.stop_event = threading.Event()
        self.max_depth = collections.Counter()
        self.max_lag = collections.Counter()
        self.database_down = 0
        self.scrapes = 0
        self.failed_scrapes = 0
        self.last = None

    def run(self):
        while not self.stop_event.is_set():
            values = metrics(self.port)
            self.scrapes += 1
            if values is None:
                self.failed_scrapes += 1
            else:
                self.last = values
                for channel in ("email", "sms", "webhook"):
                    self.max_depth[channel] = max(self.max_depth[channel],
                                                  metric(values, "encore_outbox_depth", channel=channel))
                    self.max_lag[channel] = max(self.max_lag[channel],
                                                metric(values, "encore_outbox_lag_seconds", channel=channel))
                if metric(values, "encore_database_up") == 0:
                    self.database_down += 1
            self.stop_event.wait(0.5)

    def stop(self):
        self.stop_event.set()
        self.join(5)

    def sent(self, channel, result):
        values = metrics(self.port) or self.last
        return metric(values, "encore_messages_sent_total", channel=channel, result=result)

    def summary(self, channel):
        return (f"transient={self.sent(channel, 'transient'):.0f} permanent={self.sent(channel, 'permanent'):.0f} "
                f"delivered={self.sent(channel, 'delivered'):.0f} depth≤{self.max_depth[channel]:.0f} "
                f"lag≤{self.max_lag[channel]:.1f}s")


# MARK: shared steps

def start_encore(ctx, kinds, serve_args, db=None, hook_url=None, env=None):
    db = db or SQLiteDB(ctx.path("encore.sqlite"))
    encore = Encore(ctx.binary, ctx.workdir, db)
    journeys = write_journeys(ctx.path("journeys"), kinds, hook_url)
    key = encore.setup_store(journeys)
    server = Server(encore, serve_args, dict(ctx.env, **(env or {}))).start()
    return encore, key, server


def post_orders(result, server, key, ids, email=lambda i: f"{i}@example.com", phone=None):
    for order_id in ids:
        answer = post_order(server.port, key, order_payload(order_id, email(order_id), phone(order_id) if phone else None))
        if answer.status != 201:
            raise Failure(f"POST /v1/orders {order_id}: {answer.describe()}")


def wait_rows(outbox, channel, count, condition, timeout):
    """Waits until `count` rows of the channel exist and all satisfy condition; returns them (or None)."""
    def check():
        rows = outbox.rows(channel)
        return rows if len(rows) >= count and all(condition(r) for r in rows) else None
    return wait_until(check, timeout, 0.3)


def retried(row):
    return row["status"] == "pending" and row["attempts"] >= 2 and bool(row["error"])


def attempts_text(rows, label):
    if not rows:
        return f"{label}: none"
    counts = [r["attempts"] for r in rows]
    errors = collections.Counter((r["error"] or "")[:70] for r in rows)
    return f"{label}: attempts {min(counts)}-{max(counts)}, '{errors.most_common(1)[0][0]}'"


def check_admin(result, admin, ids, want_status, what):
    """The admin outbox page lists each message of `ids` with `want_status` and its last error."""
    status, rows = admin.outbox()
    if not result.expect(status == 200, f"admin outbox page answered {status} during {what}"):
        return "admin page unavailable"
    by_id = {r["id"]: r for r in rows}
    shown = [by_id[i] for i in ids if i in by_id]
    good = [r for r in shown if r["status"] == want_status and r["error"] and r["error"] != "—"]
    result.expect(len(good) == len(ids),
                  f"admin outbox shows {len(good)}/{len(ids)} {what} messages as {want_status} with their error")
    return f"admin {len(good)}/{len(ids)} '{want_status}'+error"


def check_exactly_once(result, expected_ids, received_ids, what):
    """Every expected id received exactly once, nothing else received."""
    counts = collections.Counter(received_ids)
    missing = [i for i in expected_ids if counts[i] == 0]
    twice = {i: n for i, n in counts.items() if n > 1}
    extra = [i for i in counts if i not in set(expected_ids)]
    result.expect(not missing, f"{what}: {len(missing)} message(s) never arrived: {missing[:5]}")
    result.expect(not twice, f"{what}: {len(twice)} message(s) arrived more than once: {list(twice.items())[:5]}")
    result.expect(not extra, f"{what}: {len(extra)} unexpected message(s) arrived: {extra[:5]}")
    return not missing and not twice and not extra


def stop_all(*parts):
    """Stops each part of a scenario that was started (None stands for one that was not)."""
    for part in parts:
        if part:
            part.stop()


def check_alive(result, server, pid):
    result.expect(server.alive(), f"encore serve exited ({server.process.returncode}): {server.log_tail(8)}")
    result.expect(server.pid == pid, "encore serve was restarted")


def all_delivered(outbox, channel, count):
    rows = outbox.rows(channel)
    return len(rows) >= count and all(r["status"] == "delivered" for r in rows)


# MARK: a. SMTP down

def smtp_down(ctx):
    result = Result("smtp-down")
    port = free_port()
    sink = FaultySMTP(ctx.path("mail"), port)
    encore, key, server = start_encore(ctx, ["email"], ["--smtp-url", f"smtp://127.0.0.1:{port}?tls=none"])
    pid, outbox, admin = server.pid, Outbox(encore.db), Admin(server.port)
    sampler = Sampler(server.port)
    sampler.start()
    try:
        began = time.monotonic()
        ids = [f"D{i}" for i in range(1, 21)]
        post_orders(result, server, key, ids[:15])
        rows = wait_rows(outbox, "email", 15, retried, 60)
        post_orders(result, server, key, ids[15:])      # more while it is down
        rows = wait_rows(outbox, "email", 20, retried, 60)
        result.expect(rows, "messages were not retried (attempts >= 2, pending, last_error) within 60 s")
        rows = rows or outbox.rows("email")
        result.attempts = attempts_text(rows, "while down")
        admin_text = check_admin(result, admin, [r["id"] for r in rows], "Pending", "SMTP-down")
        result.expect(sampler.sent("email", "transient") > 0, "/metrics: no transient email attempts counted")
        result.expect(sampler.max_depth["email"] >= 20, f"/metrics: email outbox depth peaked at {sampler.max_depth['email']}")
        result.reported = f"{admin_text}; {sampler.summary('email')}"
        time.sleep(max(0.0, 8 - (time.monotonic() - began)))
        down_for = time.monotonic() - began
        result.injected = f"no listener on :{port} for {down_for:.0f} s, 20 orders"
        sink.start()
        fixed = time.monotonic()
        done = wait_until(lambda: all_delivered(outbox, "email", 20), 120, 0.2)
        result.recovery = time.monotonic() - fixed
        result.expect(done, f"not every message delivered {result.recovery:.0f} s after SMTP came back: "
                            f"{collections.Counter(r['status'] for r in outbox.rows('email'))}")
        time.sleep(2)
        final = outbox.rows("email")
        check_exactly_once(result, [r["id"] for r in final], [message_id_local(m) for m in sink.message_ids()],
                           "SMTP sink")
        result.expect(all(r["attempts"] >= 2 for r in final), "some message was not retried")
        check_alive(result, server, pid)
    finally:
        sampler.stop()
        server.stop()
        sink.stop()
    return result


def smtp_down_long(ctx):
    """An outage longer than the retry budget. The budget is per message: 10 attempts, the delays
    doubling from ENCORE_RETRY_BASE_MS with a jitter factor in [0.5, 1). Here the base is 20 ms
    (a budget of about 5 to 10 s), so a 15 s outage stands for one of 1.5 to 3 hours at the
    default 30 s base."""
    result = Result("smtp-down-long")
    base_ms = 20
    budget = sum(base_ms * 2 ** i for i in range(9)) / 1000
    port = free_port()
    sink = FaultySMTP(ctx.path("mail"), port)
    encore, key, server = start_encore(ctx, ["email"], ["--smtp-url", f"smtp://127.0.0.1:{port}?tls=none"],
                                       env={"ENCORE_RETRY_BASE_MS": str(base_ms)})
    pid, outbox, admin = server.pid, Outbox(encore.db), Admin(server.port)
    sampler = Sampler(server.port)
    sampler.start()
    try:
        began = time.monotonic()
        ids = [f"L{i}" for i in range(1, 11)]
        post_orders(result, server, key, ids)
        wait_until(lambda: len(outbox.rows("email")) == 10 and time.monotonic() - began > 15, 60, 0.3)
        rows = outbox.rows("email")
        dead = [r for r in rows if r["status"] == "dead"]
        result.attempts = attempts_text(rows, "after 15 s down") + f"; {len(dead)} dead letters"
        admin_text = check_admin(result, admin, [r["id"] for r in dead], "Dead letter", "dead-letter") if dead else \
            "no dead letter"
        result.reported = f"{admin_text}; {sampler.summary('email')}"
        default = sum(min(30 * 2 ** i, 3600) for i in range(9)) / 3600
        result.injected = (f"no listener for {time.monotonic() - began:.0f} s with ENCORE_RETRY_BASE_MS={base_ms} "
                           f"(retry budget {budget / 2:.0f}-{budget:.0f} s; {default / 2:.1f}-{default:.1f} h at the "
                           f"default 30 s base)")
        sink.start()
        fixed = time.monotonic()
        done = wait_until(lambda: all_delivered(outbox, "email", 10), 20, 0.3)
        result.recovery = (time.monotonic() - fixed) if done else None
        final = outbox.rows("email")
        lost = [r for r in final if r["status"] != "delivered"]
        result.expect(not lost, f"{len(lost)}/10 messages never delivered after SMTP came back: a channel-wide outage "
                                f"used up each message's 10 attempts and made it a dead letter "
                                f"({collections.Counter(r['status'] for r in final)}); nothing requeues dead letters")
        check_exactly_once(result, [r["id"] for r in final if r["status"] == "delivered"],
                           [message_id_local(m) for m in sink.message_ids()], "SMTP sink")
        check_alive(result, server, pid)
    finally:
        sampler.stop()
        server.stop()
        sink.stop()
    return result


# MARK: b. SMTP slow

def smtp_slow(ctx, pipelining):
    result = Result("smtp-slow-pipelining" if pipelining else "smtp-slow")
    delay = ctx.slow_seconds
    port = free_port()
    sink = FaultySMTP(ctx.path("mail"), port)
    sink.delay = delay
    sink.pipelining = pipelining
    sink.start()
    hooks = FaultyHTTP(ctx.path("hooks"))
    encore, key, server = start_encore(ctx, ["email", "webhook"], ["--smtp-url", f"smtp://127.0.0.1:{port}?tls=none"],
                                       hook_url=hooks.base)
    pid, outbox, admin = server.pid, Outbox(encore.db), Admin(server.port)
    sampler = Sampler(server.port)
    sampler.start()
    commands = 6   # greeting, EHLO, MAIL, RCPT, DATA, end of DATA on a new connection
    try:
        began = time.monotonic()
        post_orders(result, server, key, ["S1", "S2"])
        # A webhook queued while the email batch is stuck: does the outbox keep other channels moving?
        time.sleep(8)
        probe_posted = time.time()
        post_orders(result, server, key, ["S3"])

        def probe_latency():
            for record in hooks.snapshot():
                if record.get("order") == "S3" and record["answer"] == "201":
                    return record["at"] - probe_posted
            return None

        if pipelining:
            # MAIL, RCPT and DATA are pipelined: three delayed replies inside one command timeout.
            first_two = lambda: [r for r in outbox.rows("email") if r["subject"].split()[1] in ("#S1", "#S2")]
            wait_until(lambda: (lambda rs: len(rs) == 2 and all(r["error"] or r["status"] == "delivered" for r in rs))(
                first_two()), commands * delay + 90, 0.5)
            rows = first_two()
            delivered_slow = [r for r in rows if r["status"] == "delivered"]
            timed_out = [r for r in rows if r["error"] and "in time" in r["error"]]
            result.attempts = attempts_text(rows, f"{delay:.0f} s/reply, pipelined")
            result.expect(delivered_slow,
                          f"with {delay:.0f} s per reply (each reply well inside the 60 s command timeout) no message "
                          f"was delivered: the pipelined MAIL/RCPT/DATA group timed out as one command "
                          f"({', '.join(sorted({r['error'] for r in timed_out if r['error']}))[:120]})")
            if timed_out:
                result.notes.append(f"timeout after {timed_out[0]['error']!r}: retried, pending")
                admin_text = check_admin(result, admin, [r["id"] for r in timed_out if r["status"] == "pending"],
                                         "Pending", "slow-SMTP")
                result.expect(sampler.sent("email", "transient") > 0, "/metrics: no transient email attempts counted")
            else:
                admin_text = "no failure to show"
        else:
            first = wait_until(lambda: [r for r in outbox.rows("email") if r["status"] == "delivered"],
                               commands * delay + 90, 0.5)
            rows = outbox.rows("email")
            result.expect(first, f"no message delivered within {commands * delay + 90:.0f} s at {delay:.0f} s per reply")
            slow_for = time.monotonic() - began
            result.attempts = attempts_text(rows, f"{delay:.0f} s/reply")
            failed = [r for r in rows if r["error"]]
            if first:
                result.notes.append(f"default command timeout 60 s > {delay:.0f} s: the first message was just slow "
                                    f"(delivered after {slow_for:.0f} s, attempt {first[0]['attempts']})")
            result.expect(not failed, f"slow but in-time replies were treated as failures: {failed[0]['error'] if failed else ''}")
            admin_text = "nothing failed (only slow)"
        wait_until(lambda: probe_latency() is not None, 10, 0.2)
        latency = probe_latency()
        result.expect(latency is not None and latency < 15,
                      "a webhook queued while the SMTP batch was stuck waited "
                      + (f"{latency:.0f} s" if latency is not None else "until the SMTP batch ended (not yet sent)")
                      + ": one slow channel blocks the whole outbox")
        result.reported = (f"{admin_text}; {sampler.summary('email')}; webhook queued behind the slow batch waited "
                           + (f"{latency:.0f} s" if latency is not None else "> the whole slow phase"))
        result.injected = f"{delay:.0f} s before every SMTP reply{' (PIPELINING offered)' if pipelining else ''}"
        sink.delay = 0
        fixed = time.monotonic()
        post_orders(result, server, key, ["S4", "S5"])
        done = wait_until(lambda: all_delivered(outbox, "email", 5) and all_delivered(outbox, "webhook", 5), 150, 0.3)
        result.recovery = time.monotonic() - fixed
        result.expect(done, f"not every message delivered {result.recovery:.0f} s after SMTP became fast: "
                            f"{collections.Counter(r['status'] for r in outbox.rows())}")
        time.sleep(2)
        final = outbox.rows("email")
        check_exactly_once(result, [r["id"] for r in final], [message_id_local(m) for m in sink.message_ids()],
                           "SMTP sink")
        hooks_final = outbox.rows("webhook")
        check_exactly_once(result, [r["id"] for r in hooks_final],
                           [r["key"] for r in hooks.snapshot() if r["answer"] == "201"], "webhook receiver")
        check_alive(result, server, pid)
    finally:
        sampler.stop()
        server.stop()
        sink.stop()
        hooks.stop()
    return result


def smtp_slow_plain(ctx):
    return smtp_slow(ctx, pipelining=False)


def smtp_slow_pipelining(ctx):
    return smtp_slow(ctx, pipelining=True)


# MARK: c. SMTP 4xx and 5xx

def smtp_4xx_5xx(ctx):
    result = Result("smtp-4xx-5xx")
    port = free_port()
    sink = FaultySMTP(ctx.path("mail"), port)
    gone = ["gone1@example.com", "gone2@example.com"]
    sink.rcpt_permanent = {a: "550 5.1.1 <%s>: Recipient address rejected: no such user" % a for a in gone}
    sink.greeting = "421 4.3.2 Service not available, closing transmission channel"
    sink.start()
    encore, key, server = start_encore(ctx, ["email"], ["--smtp-url", f"smtp://127.0.0.1:{port}?tls=none"])
    pid, outbox, admin = server.pid, Outbox(encore.db), Admin(server.port)
    sampler = Sampler(server.port)
    sampler.start()
    try:
        ids = [f"T{i}" for i in range(1, 11)]
        emails = {i: f"{i.lower()}@example.com" for i in ids}
        emails.update({"G1": gone[0], "G2": gone[1]})
        post_orders(result, server, key, ids + ["G1", "G2"], email=lambda i: emails[i])
        # Phase 1: 421 at the greeting (session-level 4xx).
        rows = wait_rows(outbox, "email", 12, retried, 60)
        result.expect(rows and any("421" in r["error"] for r in rows),
                      "421 at the greeting: messages not retried with the 421 as last_error within 60 s")
        phase1 = attempts_text(rows or outbox.rows("email"), "421 greeting")
        # Phase 2: 451 to RCPT TO (greylisting) for everyone; 550 for the gone addresses.
        sink.rcpt_transient = "451 4.7.1 Greylisted, please try again later"
        sink.greeting = None
        good = lambda r: r["recipient"] not in gone
        rows = wait_until(lambda: (lambda rs: rs if all(("451" in (r["error"] or "") and r["status"] == "pending")
                                                        if good(r) else r["status"] == "failed" for r in rs) else None)(
            outbox.rows("email")), 90, 0.3)
        result.expect(rows, "451 / 550: the good addresses did not reach pending+451 and the gone ones failed "
                            f"within 90 s: {[(r['recipient'], r['status'], r['error']) for r in outbox.rows('email')][:4]}")
        rows = rows or outbox.rows("email")
        bounced = [r for r in rows if r["recipient"] in gone]
        greylisted = [r for r in rows if good(r)]
        result.attempts = f"{phase1}; {attempts_text(greylisted, '451 rcpt')}; 550: attempts " + \
            ",".join(str(r["attempts"]) for r in bounced)
        for r in bounced:
            result.expect(r["status"] == "failed" and "550" in (r["error"] or ""),
                          f"the 550 for {r['recipient']} is not a failure with the 550 reply: {r}")
        suppressed = encore.db.query("SELECT address, reason FROM suppressions WHERE channel = 'email'")
        result.expect(sorted(suppressed) == sorted((a, "bounce") for a in gone),
                      f"suppressions after the 550s are {suppressed}, not the two gone addresses as 'bounce'")
        admin_pending = check_admin(result, admin, [r["id"] for r in greylisted], "Pending", "451")
        admin_bounced = check_admin(result, admin, [r["id"] for r in bounced], "Failed (bounced)", "550")
        result.expect(sampler.sent("email", "transient") > 0, "/metrics: no transient email attempts counted")
        result.expect(sampler.sent("email", "permanent") >= 2,
                      f"/metrics: {sampler.sent('email', 'permanent'):.0f} permanent email results, expected ≥ 2")
        result.reported = f"{admin_pending}, {admin_bounced}; {sampler.summary('email')}"
        bounce_attempts = {r["id"]: r["attempts"] for r in bounced}
        result.injected = "421 at greeting, then 451 to RCPT for all, 550 for 2 addresses"
        sink.rcpt_transient = None
        fixed = time.monotonic()
        done = wait_until(lambda: all(r["status"] == "delivered" for r in outbox.rows("email") if good(r)), 90, 0.2)
        result.recovery = time.monotonic() - fixed
        result.expect(done, f"the greylisted messages were not all delivered {result.recovery:.0f} s after 250")
        # The bounced address: never retried, and a later message to it is skipped, not queued.
        post_orders(result, server, key, ["G3"], email=lambda i: gone[0])
        skipped = wait_until(lambda: int(encore.db.query(
            "SELECT COUNT(*) FROM journey_log WHERE kind = 'skipped' AND reason = 'suppressed'")[0][0]) >= 1, 30, 0.3)
        result.expect(skipped, "a new order to a bounced address was not skipped as suppressed")
        time.sleep(3)
        final = outbox.rows("email")
        for r in final:
            if r["id"] in bounce_attempts:
                result.expect(r["status"] == "failed" and r["attempts"] == bounce_attempts[r["id"]],
                              f"bounced message {r['id']} was retried: attempts {bounce_attempts[r['id']]} -> {r['attempts']}")
        result.expect(sum(1 for r in final if r["recipient"] == gone[0]) == 1,
                      "a new message was queued for a bounced address")
        check_exactly_once(result, [r["id"] for r in final if good(r)],
                           [message_id_local(m) for m in sink.message_ids()], "SMTP sink")
        refused = collections.Counter(address for _, address, _, _ in sink.refused if address in gone)
        result.notes.append(f"550 answered {sum(refused.values())} time(s) for the 2 bounced addresses")
        check_alive(result, server, pid)
    finally:
        sampler.stop()
        server.stop()
        sink.stop()
    return result


# MARK: d. SMS and webhook endpoints

def http_endpoints(ctx):
    result = Result("sms-webhook")
    sms = FaultyHTTP(ctx.path("sms"))
    hooks = FaultyHTTP(ctx.path("hooks"))
    sms.mode = hooks.mode = "hang"
    sms_url = f"sms+http://AC123:tok@127.0.0.1:{sms.port}/twilio?from=%2B15550001111&timeout=3"
    encore, key, server = start_encore(ctx, ["sms", "webhook"], ["--sms-url", sms_url], hook_url=hooks.base)
    pid, outbox, admin = server.pid, Outbox(encore.db), Admin(server.port)
    sampler = Sampler(server.port)
    sampler.start()
    n = 8
    try:
        ids = [f"H{i}" for i in range(1, n + 1)]
        post_orders(result, server, key, ids, phone=lambda i: f"+1555010{int(i[1:]):04d}")
        both = lambda cond: (lambda s, h: (s, h) if len(s) >= n and len(h) >= n and all(map(cond, s + h)) else None)(
            outbox.rows("sms"), outbox.rows("webhook"))
        # Phase 1: the endpoints take the request and never answer (SMS timeout=3 s, webhooks 10 s fixed).
        hung = wait_until(lambda: both(retried), 90, 0.3)
        result.expect(hung, "timeouts: SMS and webhook messages not retried (attempts >= 2, pending, last_error) in 90 s")
        s, h = hung or (outbox.rows("sms"), outbox.rows("webhook"))
        phase1 = f"{attempts_text(s, 'SMS timeout')}; {attempts_text(h, 'webhook timeout')}"
        admin_text = check_admin(result, admin, [r["id"] for r in s + h], "Pending", "timeout")
        # Phase 2: 500.
        sms.mode = hooks.mode = "error"
        error_began = time.monotonic()
        errored = wait_until(lambda: both(lambda r: r["status"] == "pending" and "500" in (r["error"] or "")), 90, 0.3)
        result.expect(errored, "HTTP 500: messages not retried with the 500 as last_error within 90 s")
        s, h = errored or (outbox.rows("sms"), outbox.rows("webhook"))
        result.attempts = f"{phase1}; {attempts_text(s, 'SMS 500')}; {attempts_text(h, 'webhook 500')}"
        for channel in ("sms", "webhook"):
            result.expect(sampler.sent(channel, "transient") > 0, f"/metrics: no transient {channel} attempts counted")
            result.expect(sampler.max_depth[channel] >= n, f"/metrics: {channel} depth peaked at {sampler.max_depth[channel]}")
        result.reported = f"{admin_text}; sms {sampler.summary('sms')}; webhook {sampler.summary('webhook')}"
        result.injected = (f"endpoints hang (SMS timeout=3 s, webhook 10 s) then 500 for "
                           f"{time.monotonic() - error_began:.0f} s; {n} SMS + {n} webhooks")
        sms.mode = hooks.mode = "ok"
        fixed = time.monotonic()
        done = wait_until(lambda: all_delivered(outbox, "sms", n) and all_delivered(outbox, "webhook", n), 120, 0.2)
        result.recovery = time.monotonic() - fixed
        result.expect(done, f"not every SMS/webhook delivered {result.recovery:.0f} s after the endpoints recovered")
        time.sleep(2)
        for name, sink, channel in (("SMS provider", sms, "sms"), ("webhook receiver", hooks, "webhook")):
            records = sink.snapshot()
            check_exactly_once(result, [r["id"] for r in outbox.rows(channel)],
                               [r["key"] for r in records if r["answer"] == "201"], name)
            late = [r for r in records if r["answer"] and r["answer"].endswith("(client gone)")]
            result.expect(not late, f"{name}: {len(late)} answer(s) went to a client that had given up")
            answers = collections.Counter(r["answer"] for r in records)
            result.notes.append(f"{name} saw {dict(answers)}")
        check_alive(result, server, pid)
    finally:
        sampler.stop()
        server.stop()
        sms.stop()
        hooks.stop()
    return result


# MARK: e. disk full under SQLite

class Ingest(threading.Thread):
    """Posts orders one after another until stopped; keeps every answer."""

    def __init__(self, server, key, prefix, pause=0.02, timeout=45.0):
        super().__init__(daemon=True)
        self.server, self.key, self.prefix, self.pause, self.timeout = server, key, prefix, pause, timeout
        self.stop_event = threading.Event()
        self.answers = []     # (order_id, Answer, monotonic time when answered)
        self.lock = threading.Lock()

    def run(self):
        n = 0
        while not self.stop_event.is_set():
            n += 1
            order_id = f"{self.prefix}{n}"
            answer = post_order(self.server.port, self.key, order_payload(order_id, f"{order_id.lower()}@example.com"),
                                timeout=self.timeout)
            with self.lock:
                self.answers.append((order_id, answer, time.monotonic()))
            self.stop_event.wait(self.pause)

    def stop(self):
        self.stop_event.set()
        self.join(self.timeout + 5)

    def snapshot(self):
        with self.lock:
            return list(self.answers)

    def acknowledged(self):
        return [i for i, a, _ in self.snapshot() if a.status == 201]


def classify(answers):
    kinds = collections.Counter()
    for _, a, _ in answers:
        if a.status in (200, 201):
            kinds["201"] += 1
        elif a.clean_error:
            kinds[f"{a.status}+JSON"] += 1
        elif a.status is None:
            kinds["no answer"] += 1
        else:
            kinds[f"{a.status} unclean"] += 1
    return kinds


def check_orders_and_mail(result, db, outbox, sink, acknowledged, timeout):
    """Every acknowledged order is stored and got its email exactly once."""
    stored = {r[0] for r in db.query("SELECT order_key FROM orders")}
    lost = [i for i in acknowledged if i not in stored]
    result.expect(not lost, f"{len(lost)} acknowledged (201) order(s) missing from the database: {lost[:5]}")

    def mailed():
        rows = db.query("SELECT subject, message_id, status FROM outbox WHERE channel = 'email'")
        by_order = {s.split()[1].lstrip("#"): (m, st) for s, m, st in rows if s}
        pending = [i for i in acknowledged if i not in by_order or by_order[i][1] != "delivered"]
        return (by_order, pending) if not pending else None

    found = wait_until(mailed, timeout, 0.5)
    if not found:
        rows = db.query("SELECT subject, message_id, status, attempts, last_error FROM outbox WHERE channel = 'email'")
        by_order = {s.split()[1].lstrip("#"): (m, st, at, err) for s, m, st, at, err in rows if s}
        missing = [i for i in acknowledged if i not in by_order or by_order[i][1] != "delivered"]
        details = []
        for order in missing[:6]:
            if order in by_order:
                details.append(f"{order}: outbox {by_order[order][1:]}")
                continue
            events = db.query(f"SELECT id, type FROM events WHERE order_key = '{order}'")
            instances = db.query(f"SELECT status, current_step FROM journey_instances WHERE order_key = '{order}'")
            inbox = db.query("SELECT COUNT(*) FROM journey_inbox WHERE event_id IN "
                             f"(SELECT id FROM events WHERE order_key = '{order}')")[0][0]
            details.append(f"{order}: no outbox row; events {events}, instances {instances}, in journey_inbox {inbox}")
        result.expect(False, f"{len(missing)} acknowledged order(s) without a delivered email {timeout} s after "
                             f"recovery: " + "; ".join(details))
        return
    by_order, _ = found
    time.sleep(2)
    check_exactly_once(result, [by_order[i][0] for i in acknowledged],
                       [message_id_local(m) for m in sink.message_ids()
                        if message_id_local(m) in {by_order[i][0] for i in acknowledged}], "SMTP sink")
    counts = collections.Counter(message_id_local(m) for m in sink.message_ids())
    twice = [m for m, c in counts.items() if c > 1]
    result.expect(not twice, f"{len(twice)} message(s) sent twice: {twice[:5]}")


def sqlite_disk_full(ctx):
    result = Result("sqlite-disk-full")
    mount = ctx.path("tmpfs")
    os.makedirs(mount, exist_ok=True)
    size_kb = 16 * 1024
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size_kb}k", "tmpfs", mount], check=True)
    server = sink = sampler = ingest = None
    try:
        port = free_port()
        sink = FaultySMTP(ctx.path("mail"), port)
        sink.start()
        db = SQLiteDB(os.path.join(mount, "encore.sqlite"))
        encore, key, server = start_encore(ctx, ["email"], ["--smtp-url", f"smtp://127.0.0.1:{port}?tls=none"], db=db)
        pid, outbox, admin = server.pid, Outbox(db), Admin(server.port)
        admin.login()   # before the disk fills: signing in writes a session
        sampler = Sampler(server.port)
        sampler.start()
        ingest = Ingest(server, key, "F")
        ingest.start()
        time.sleep(3)
        before = len(ingest.acknowledged())
        # Fill the file system: every byte SQLite could still use goes to a filler file.
        filler = os.path.join(mount, "filler")
        fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o644)
        try:
            for chunk in (1 << 16, 512):
                try:
                    while True:
                        os.write(fd, b"\0" * chunk)
                except OSError:
                    pass
        finally:
            os.close(fd)
        full_at = time.monotonic()
        statvfs = os.statvfs(mount)
        result.injected = f"tmpfs {size_kb // 1024} MiB filled ({statvfs.f_bavail * statvfs.f_frsize} bytes left) under ingest"
        failing = wait_until(lambda: [a for _, a, t in ingest.snapshot() if t > full_at and a.status != 201], 40, 0.2)
        result.expect(failing, "no write failed within 40 s of the disk filling up")
        time.sleep(3)   # a few more failures, probes while full
        health, ready = probe(server.port, "/healthz"), probe(server.port, "/readyz")
        during = [(i, a) for i, a, t in ingest.snapshot() if t > full_at]
        kinds = classify([(i, a, 0) for i, a in during])
        sample = next((a for _, a in during if a.status != 201), None)
        result.expect(all(k == "201" or k.endswith("+JSON") for k in kinds),
                      f"while full the API answered {dict(kinds)} (want 201 or a 5xx with a JSON reason)")
        result.expect(health.status == 200, f"/healthz while full: {health.describe()}")
        result.expect(server.alive(), f"encore serve died when the disk filled: {server.log_tail(10)}")
        admin_status, _ = admin.outbox()
        failures = metric_sum(sampler.last, "encore_worker_failures_total")
        result.attempts = (f"{len(during)} posts while full: {dict(kinds)}; sample {sample.describe() if sample else '-'}; "
                           f"worker failures {failures:.0f}")
        result.reported = (f"/healthz {health.status}, /readyz {ready.status}"
                           f"{' (ready while writes fail)' if ready.status == 200 else ''}, admin outbox {admin_status}, "
                           f"encore_worker_failures_total {failures:.0f}")
        if ready.status == 200:
            result.notes.append("/readyz checks a read only: it stays 200 while writes fail with SQLITE_FULL")
        if sample is not None and sample.clean_error:
            result.notes.append(f"failed writes answer {sample.status} {sample.json['error']['reason']!r}: JSON, but "
                                "neither 503 nor a reason naming the full disk")
        os.remove(filler)
        freed = time.monotonic()
        back = wait_until(lambda: [t for _, a, t in ingest.snapshot() if t > freed and a.status == 201], 60, 0.1)
        result.recovery = (back[0] - freed) if back else None
        result.expect(back, "writes did not succeed again within 60 s of freeing space")
        time.sleep(3)
        ingest.stop()
        answers = ingest.snapshot()
        result.notes.append(f"{before} orders before the fault, {len(answers)} posted in all: {dict(classify(answers))}")
        check_orders_and_mail(result, db, outbox, sink, ingest.acknowledged(), 90)
        check_alive(result, server, pid)
    finally:
        stop_all(ingest, sampler, server, sink)
        subprocess.run(["umount", mount], check=False)
    return result


# MARK: f. PostgreSQL restarted under load

def postgres_restart(ctx):
    result = Result("postgres-restart")
    root = ctx.path("pg")
    os.makedirs(root, exist_ok=True)
    os.chmod(root, 0o755)   # the postgres user must reach its cluster directory
    pg_port = free_port()
    started = subprocess.run([os.path.join(REPO, "scripts", "start-postgres.sh")], capture_output=True, text=True,
                             env=dict(os.environ, PGPORT=str(pg_port), PGROOT=root), timeout=180)
    if started.returncode != 0:
        raise Failure(f"start-postgres.sh: {started.stderr.strip()[-400:]}")
    admin_url = started.stdout.strip().splitlines()[-1]
    data = glob.glob(os.path.join(root, "encore-pg.*", "data"))
    pgbin = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: [int(x) for x in p.split("/")[-2].split(".")
                                                                            if x.isdigit()])[-1]
    if not data:
        raise Failure(f"no cluster directory under {root} (is something else listening on {pg_port}?)")
    data = data[0]
    server_log = os.path.join(os.path.dirname(data), "server.log")

    def pg_ctl(*args, timeout=120):
        # The postmaster inherits pg_ctl's output: a file, never a pipe we would wait on.
        with open(ctx.path("pg_ctl.log"), "a") as out:
            process = subprocess.run(
                ["runuser", "-u", "postgres", "--", os.path.join(pgbin, "pg_ctl"), "-D", data, "-l", server_log]
                + list(args), stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, timeout=timeout)
        return process
    server = sink = sampler = ingest = None
    try:
        port = free_port()
        sink = FaultySMTP(ctx.path("mail"), port)
        sink.start()
        db = PostgresDB.create(admin_url, "encore_fault")
        encore, key, server = start_encore(ctx, ["email"], ["--smtp-url", f"smtp://127.0.0.1:{port}?tls=none"], db=db)
        pid, outbox, admin = server.pid, Outbox(db), Admin(server.port)
        admin.login()
        sampler = Sampler(server.port)
        sampler.start()
        readiness = []      # (time, status)
        watching = threading.Event()

        def watch():
            while not watching.is_set():
                readiness.append((time.monotonic(), probe(server.port, "/readyz", timeout=5).status))
                watching.wait(0.25)

        watcher = threading.Thread(target=watch, daemon=True)
        watcher.start()
        ingest = Ingest(server, key, "P", pause=0.03)
        ingest_began = time.monotonic()
        ingest.start()
        cluster_dir = os.path.dirname(data)
        options = (f"-c listen_addresses=127.0.0.1 -p {pg_port} -k {cluster_dir} -c max_connections=400 "
                   f"-c shared_buffers=256MB -c fsync=off")
        rounds = []   # (what, began, back, recovery)
        for what in ("restart -m fast", "stop -m fast, 5 s down, start"):
            time.sleep(4)
            began = time.monotonic()
            if what.startswith("restart"):
                done = pg_ctl("restart", "-m", "fast", "-w", "-t", "60")
            else:
                done = pg_ctl("stop", "-m", "fast", "-w", "-t", "60")
                time.sleep(5)
                done = done if done.returncode else pg_ctl("start", "-w", "-t", "60", "-o", options)
            ended = time.monotonic()
            if done.returncode != 0:
                raise Failure(f"pg_ctl ({what}) exited {done.returncode}; see {ctx.path('pg_ctl.log')}")
            back = wait_until(lambda: [t for _, a, t in ingest.snapshot() if t > ended and a.status == 201], 60, 0.1)
            result.expect(back, f"{what}: no order acknowledged within 60 s of PostgreSQL being back: no recovery")
            failed = [a for _, a, t in ingest.snapshot() if began <= t and a.status != 201 and (not back or t <= back[0])]
            rounds.append((what, ended - began, (back[0] - ended) if back else None, classify([(0, a, 0) for a in failed])))
        result.recovery = max((r[2] for r in rounds if r[2] is not None), default=None)
        rate = len(ingest.snapshot()) / max(1.0, time.monotonic() - ingest_began)
        result.injected = f"under ~{rate:.0f} orders/s: " + "; ".join(
            f"{what} ({down:.1f} s)" for what, down, _, _ in rounds)
        time.sleep(3)
        ingest.stop()
        watching.set()
        watcher.join(5)
        answers = ingest.snapshot()
        kinds = classify(answers)
        failed = [a for _, a, _ in answers if a.status != 201]
        result.expect(all(k == "201" or k.endswith("+JSON") for k in kinds),
                      f"around the restarts the API answered {dict(kinds)} (want 201 or a 5xx with a JSON reason): "
                      + "; ".join(sorted({a.describe()[:90] for a in failed}))[:300])
        # A write the database does not confirm is answered 503 by 30 s (V1Routes.writeTimeout):
        # no request may wait longer than that, whatever the driver does with a dead connection.
        slow = [a for a in failed if a.seconds > 35]
        result.expect(not slow, f"{len(slow)} request(s) took over 35 s to fail while PostgreSQL was away")
        not_ready = [s for t, s in readiness if s != 200]
        ready_again = [t for t, s in readiness[-8:] if s == 200]
        result.expect(ready_again, "/readyz did not answer 200 again after the restarts")
        result.attempts = f"{len(answers)} posts: {dict(kinds)}; " + "; ".join(
            f"{what}: {dict(k) or 'no failure'}, first 201 {rec:.1f} s after" if rec is not None else f"{what}: no 201"
            for what, _, rec, k in rounds) + (f"; e.g. {failed[0].describe()[:80]}" if failed else "")
        failures = metric_sum(metrics(server.port), "encore_worker_failures_total")
        result.reported = (f"/readyz non-200 {len(not_ready)}x {sorted(set(map(str, not_ready)))}, "
                           f"encore_database_up=0 in {sampler.database_down} scrape(s), "
                           f"{sampler.failed_scrapes} failed scrape(s), worker failures {failures:.0f}")
        admin_status, _ = admin.outbox()
        result.expect(admin_status == 200, f"admin outbox page answered {admin_status} after the restart")
        check_orders_and_mail(result, db, outbox, sink, ingest.acknowledged(), 90)
        inbox = int(db.query("SELECT COUNT(*) FROM journey_inbox")[0][0])
        result.expect(inbox == 0, f"{inbox} journey inbox event(s) left unprocessed: the journey worker did not resume")
        check_alive(result, server, pid)
    finally:
        stop_all(ingest, sampler, server, sink)
        pg_ctl("stop", "-m", "immediate", timeout=60)
        shutil.rmtree(root, ignore_errors=True)
    return result


SCENARIOS = collections.OrderedDict([
    ("smtp-down", smtp_down),
    ("smtp-down-long", smtp_down_long),
    ("smtp-slow", smtp_slow_plain),
    ("smtp-slow-pipelining", smtp_slow_pipelining),
    ("smtp-4xx-5xx", smtp_4xx_5xx),
    ("sms-webhook", http_endpoints),
    ("sqlite-disk-full", sqlite_disk_full),
    ("postgres-restart", postgres_restart),
])
