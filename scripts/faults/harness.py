"""What every fault scenario needs: a database, `encore` commands, `encore serve`, an API client,
the admin outbox page, /metrics, journeys and orders. Python 3 standard library only (PostgreSQL
through `psql`)."""
import html
import http.client
import http.cookiejar
import json
import os
import re
import signal
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ADMIN_EMAIL = "ops@shop.example"
ADMIN_PASSWORD = "fault-suite-password-1"


from suitelib import (Failure, PostgresDB, SQLiteDB, child_environment, free_port, kill_all_children,  # noqa: F401
                      track, wait_until)

child_env = child_environment


class Encore:
    def __init__(self, binary, workdir, db):
        self.binary = binary
        self.workdir = workdir
        self.db = db

    def run(self, args, stdin=None, timeout=120):
        result = subprocess.run([self.binary] + list(args) + ["--database", self.db.url], cwd=self.workdir,
                                env=child_env(), input=stdin, capture_output=True, text=True, timeout=timeout)
        if result.returncode != 0:
            raise Failure(f"encore {' '.join(args)}: exit {result.returncode}: {result.stderr.strip()[-500:]}")
        return result.stdout

    def setup_store(self, journeys):
        """Store `shop`, an API key, an admin login and the given journey files; returns the key."""
        self.run(["stores", "create", "shop"])
        key = self.run(["keys", "create", "--store", "shop"]).strip().splitlines()[-1].strip()
        self.run(["users", "create", "--email", ADMIN_EMAIL, "--organisation", "shop", "--password-stdin"],
                 stdin=ADMIN_PASSWORD + "\n")
        if journeys:
            self.run(["journeys", "apply"] + list(journeys) + ["--store", "shop"])
        return key


class Server:
    """`encore serve` with workers, short retries and a short lease."""

    def __init__(self, encore, args, env, name="serve"):
        self.encore = encore
        self.args = list(args)
        self.env = dict(env)
        self.name = name
        self.process = None
        self.port = None
        self.log_path = os.path.join(encore.workdir, f"{name}.log")

    def start(self, timeout=90):
        for _ in range(4):
            self.port = free_port()
            log = open(self.log_path, "ab")
            self.process = track(subprocess.Popen(
                [self.encore.binary, "serve", "--port", str(self.port), "--no-predictions", "--database",
                 self.encore.db.url] + self.args, cwd=self.encore.workdir, env=child_env(self.env),
                stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL))
            log.close()
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline and self.process.poll() is None:
                try:
                    if request(self.port, "GET", "/healthz", timeout=2)[0] == 200:
                        return self
                except (OSError, http.client.HTTPException):
                    pass
                time.sleep(0.1)
            if self.process.poll() is None:
                self.process.kill()
                raise Failure(f"{self.name} did not answer /healthz within {timeout} s")
            if "in use" not in self.log_tail():
                raise Failure(f"{self.name} exited at start ({self.process.returncode}): {self.log_tail()}")
        raise Failure(f"{self.name}: no free port")

    @property
    def pid(self):
        return self.process.pid

    def alive(self):
        return self.process is not None and self.process.poll() is None

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def log_tail(self, lines=30):
        try:
            with open(self.log_path, "rb") as f:
                return "\n".join(f.read().decode("utf-8", "replace").splitlines()[-lines:])
        except OSError:
            return ""

    def log_text(self):
        try:
            with open(self.log_path, "rb") as f:
                return f.read().decode("utf-8", "replace")
        except OSError:
            return ""


def request(port, method, path, body=None, headers=None, timeout=10.0):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


# MARK: API

def order_payload(order_id, email, phone=None):
    customer = {"id": f"c-{order_id}", "email": email, "first_name": "Ada", "time_zone": "UTC",
                "consents": [{"channel": "email", "purpose": "marketing", "granted": True}]}
    if phone:
        customer["phone"] = phone
    return {"id": order_id, "number": f"#{order_id}",
            "placed_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "currency": "USD",
            "customer": customer,
            "lines": [{"sku": "BEANS-1", "title": "Beans", "quantity": 1, "unit_price": "12.50"}]}


class Answer:
    """One API answer: status (None when no answer came), the body as JSON when it is JSON."""

    def __init__(self, status, body, error=None, seconds=0.0):
        self.status = status
        self.body = body
        self.error = error
        self.seconds = seconds
        try:
            self.json = json.loads(body) if body else None
        except ValueError:
            self.json = None

    @property
    def clean_error(self):
        """A 5xx whose body is the API's JSON error with a reason."""
        return (self.status is not None and self.status >= 500 and isinstance(self.json, dict)
                and isinstance(self.json.get("error"), dict) and bool(self.json["error"].get("reason")))

    def describe(self):
        if self.status is None:
            return f"no answer ({self.error})"
        reason = self.json["error"].get("reason") if self.clean_error else self.body[:120]
        return f"{self.status} {reason!r}"


def post_order(port, key, payload, timeout=15.0):
    began = time.monotonic()
    try:
        status, body = request(port, "POST", "/v1/orders", json.dumps(payload).encode(),
                               {"Authorization": f"Bearer {key}", "Content-Type": "application/json"}, timeout)
        return Answer(status, body.decode("utf-8", "replace"), seconds=time.monotonic() - began)
    except (OSError, http.client.HTTPException) as error:
        return Answer(None, "", error=f"{type(error).__name__}: {error}", seconds=time.monotonic() - began)


def probe(port, path, timeout=5.0):
    try:
        status, body = request(port, "GET", path, timeout=timeout)
        return Answer(status, body.decode("utf-8", "replace"))
    except (OSError, http.client.HTTPException) as error:
        return Answer(None, "", error=f"{type(error).__name__}: {error}")


# MARK: /metrics

LINE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{([^}]*)\})?\s+(\S+)$')


def metrics(port):
    """{(name, ((label, value), ...)): float}, or None when /metrics does not answer 200."""
    try:
        status, body = request(port, "GET", "/metrics", timeout=10)
    except (OSError, http.client.HTTPException):
        return None
    if status != 200:
        return None
    out = {}
    for line in body.decode("utf-8", "replace").splitlines():
        match = LINE.match(line.strip())
        if not match or line.startswith("#"):
            continue
        labels = tuple(sorted(re.findall(r'(\w+)="([^"]*)"', match.group(3) or "")))
        try:
            out[(match.group(1), labels)] = float(match.group(4))
        except ValueError:
            pass
    return out


def metric(values, name, **labels):
    if values is None:
        return None
    want = tuple(sorted(labels.items()))
    return values.get((name, want), 0.0)


def metric_sum(values, name):
    return sum(v for (n, _), v in (values or {}).items() if n == name)


# MARK: the admin pages

ROW = re.compile(
    r'<tr[^>]*><td><a href="/admin/stores/\d+/outbox/([^"]+)">.*?</a></td>\s*<td>(.*?)</td><td>(.*?)</td>'
    r'<td>(.*?)</td>\s*<td>(.*?)</td><td class="n">(\d+)</td><td>.*?</td><td>(.*?)</td></tr>', re.S)


class Admin:
    def __init__(self, port):
        self.port = port
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        self.signed_in = False

    def _open(self, path, data=None):
        return self.opener.open(f"http://127.0.0.1:{self.port}{path}", data, timeout=15)

    def login(self):
        page = self._open("/admin/login").read().decode()
        token = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
        data = urllib.parse.urlencode({"csrf": token, "email": ADMIN_EMAIL, "password": ADMIN_PASSWORD}).encode()
        answer = self._open("/admin/login", data)
        self.signed_in = answer.status == 200 and "/admin/login" not in answer.url
        return self.signed_in

    def outbox(self, store_id=1, status=None):
        """(HTTP status, [row dicts]) of the outbox page; rows: id, status, channel, recipient,
        journey, attempts, error."""
        if not self.signed_in:
            try:
                self.login()
            except (OSError, urllib.error.URLError, AttributeError, http.client.HTTPException):
                return None, []
        path = f"/admin/stores/{store_id}/outbox" + (f"?status={status}" if status else "")
        try:
            page = self._open(path).read().decode()
        except urllib.error.HTTPError as error:
            return error.code, []
        except (OSError, urllib.error.URLError, http.client.HTTPException):
            return None, []
        rows = []
        for match in ROW.finditer(page):
            strip = lambda s: html.unescape(re.sub(r"<[^>]+>", "", s)).strip()
            rows.append({"id": html.unescape(match.group(1)), "status": strip(match.group(2)).lstrip("⚠ ").strip(),
                         "channel": strip(match.group(3)), "recipient": strip(match.group(4)),
                         "journey": strip(match.group(5)), "attempts": int(match.group(6)),
                         "error": strip(match.group(7))})
        return 200, rows


# MARK: journeys

TEMPLATES = {
    "fault-mail.subject.mustache": "Order {{order.number}} is confirmed",
    "fault-mail.html.mustache": "<p>Hi {{customer.first_name}}, order <strong>{{order.number}}</strong> is confirmed.</p>",
    "fault-mail.text.mustache": "Hi {{customer.first_name}}, order {{order.number}} is confirmed.",
    "fault-text.text.mustache": "Hi {{customer.first_name}}, order {{order.number}} is on its way.",
}


def write_journeys(folder, kinds, hook_url=None):
    """Journey files: "email" (fault-mail: an email at once), "sms" (fault-text), "webhook"
    (fault-hook: a signed POST to hook_url); all transactional, on order.placed."""
    os.makedirs(os.path.join(folder, "templates"), exist_ok=True)
    for name, text in TEMPLATES.items():
        with open(os.path.join(folder, "templates", name), "w") as f:
            f.write(text + "\n")
    steps = {
        "email": ("fault-mail", "send: { channel: email, template: fault-mail }"),
        "sms": ("fault-text", "send: { channel: sms, template: fault-text }"),
        "webhook": ("fault-hook", f'webhook: {{ url: "{hook_url}/hooks/encore", event: journey.fault }}'),
    }
    paths = []
    for kind in kinds:
        journey_id, step = steps[kind]
        path = os.path.join(folder, journey_id + ".yaml")
        with open(path, "w") as f:
            f.write(f"id: {journey_id}\nname: Fault {kind}\ncategory: transactional\ntrigger:\n  event: order.placed\n"
                    f"steps:\n  - id: {kind}\n    {step}\n")
        paths.append(path)
    return paths


# MARK: the outbox, from the database

class Outbox:
    def __init__(self, db):
        self.db = db

    def rows(self, channel=None):
        sql = "SELECT message_id, channel, status, attempts, last_error, recipient, subject FROM outbox"
        if channel:
            sql += f" WHERE channel = '{channel}'"
        out = []
        for r in self.db.query(sql):
            out.append({"id": r[0], "channel": r[1], "status": r[2], "attempts": int(r[3]), "error": r[4],
                        "recipient": r[5], "subject": r[6] or ""})
        return out


def message_id_local(header_value):
    """'<mabc@host>' -> 'mabc'."""
    value = (header_value or "").strip().strip("<>")
    return value.split("@", 1)[0]
