"""Shared machinery of the crash suite: databases, child processes, the HTTP client, sinks.

Python 3 standard library only; PostgreSQL is reached through `psql`.
"""
import base64
import hashlib
import hmac
import http.client
import json
import os
import signal
import subprocess
import threading
import time

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from suitelib import (Failure, PostgresDB, SQLiteDB, child_environment, free_port, kill_all_children,  # noqa: F401
                      postgres_reachable, track, untrack, wait_until)


class Violation(Exception):
    """An invariant the suite checks did not hold."""


class Encore:
    """The binary, a work folder and a database."""

    def __init__(self, binary, workdir, db):
        self.binary = binary
        self.workdir = workdir
        self.db = db

    def command(self, args):
        return [self.binary] + list(args) + ["--database", self.db.url]

    def run(self, args, env=None, timeout=600, check=True):
        result = subprocess.run(
            self.command(args), cwd=self.workdir, env=child_environment(env), capture_output=True, text=True,
            timeout=timeout)
        if check and result.returncode != 0:
            raise Failure(f"encore {' '.join(args)} exited {result.returncode}:\n{result.stdout}{result.stderr}")
        return result

    def start(self, args, log_name, env=None):
        log = open(os.path.join(self.workdir, log_name), "ab")
        try:
            process = subprocess.Popen(
                self.command(args), cwd=self.workdir, env=child_environment(env), stdout=log, stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL)
        finally:
            log.close()
        return track(process)


def kill9(process):
    """kill -9 and reap; True when it was still running (a real kill)."""
    if process.poll() is not None:
        untrack(process)
        return False
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    untrack(process)
    return True


def stop(process, grace=15):
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    untrack(process)


def http_request(port, method, path, body=None, headers=None, timeout=10.0):
    """One request on a new connection: (status, body bytes). Raises OSError / HTTPException when no answer."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


class Server:
    """`encore serve` on a fixed port, started again after each kill."""

    def __init__(self, encore, args, env=None, name="serve"):
        self.encore = encore
        self.args = list(args)
        self.env = env or {}
        self.name = name
        self.port = free_port()
        self.process = None
        self.starts = 0

    def start(self, timeout=60):
        for attempt in range(5):
            self.process = self.encore.start(
                ["serve", "--port", str(self.port), "--no-predictions"] + self.args, f"{self.name}.log", env=self.env)
            self.starts += 1
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline:
                if self.process.poll() is not None:
                    break
                try:
                    status, _ = http_request(self.port, "GET", "/health", timeout=2)
                    if status == 200:
                        return
                except (OSError, http.client.HTTPException):
                    pass
                time.sleep(0.01)
            if self.process.poll() is None:
                kill9(self.process)
                raise Failure(f"{self.name} did not answer /health within {timeout} s")
            untrack(self.process)
            log = self.log_tail()
            if "in use" in log and attempt < 4:
                time.sleep(0.2)
                continue
            raise Failure(f"{self.name} exited at start ({self.process.returncode}):\n{log}")
        raise Failure(f"{self.name}: port {self.port} stayed in use")

    def kill9(self):
        return self.process is not None and kill9(self.process)

    def stop(self):
        if self.process is not None:
            stop(self.process)

    def running(self):
        return self.process is not None and self.process.poll() is None

    def log_tail(self, lines=40):
        try:
            with open(os.path.join(self.encore.workdir, f"{self.name}.log"), "rb") as f:
                return "\n".join(f.read().decode("utf-8", "replace").splitlines()[-lines:])
        except OSError:
            return ""


class Sink:
    """scripts/smtp-sink.py or scripts/http-sink.py: every message as N.json in a folder."""

    def __init__(self, kind, folder, log):
        script = os.path.join(REPO, "scripts", "smtp-sink.py" if kind == "smtp" else "http-sink.py")
        arguments = ["python3", script, "--dir", folder, "--port", "0"]
        if kind == "smtp":
            arguments.append("--exit-on-stdin-eof")
        self.folder = folder
        self.log = open(log, "ab")
        self.process = track(subprocess.Popen(
            arguments, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.log, text=True))
        line = self.process.stdout.readline()
        if not line.startswith("READY "):
            raise Failure(f"{script} did not start: {line!r}")
        self.port = int(line.split()[1])

    def records(self):
        """Every record with its arrival (the file's modification time, wall clock), in order."""
        out = []
        try:
            names = os.listdir(self.folder)
        except FileNotFoundError:
            return out
        for number in sorted(int(n[:-5]) for n in names if n.endswith(".json") and n[:-5].isdigit()):
            path = os.path.join(self.folder, f"{number}.json")
            with open(path) as f:
                record = json.load(f)
            record["_number"] = number
            record["_at"] = os.stat(path).st_mtime
            out.append(record)
        return out

    def count(self):
        try:
            return sum(1 for n in os.listdir(self.folder) if n.endswith(".json"))
        except FileNotFoundError:
            return 0

    def close(self):
        try:
            self.process.stdin.close()
        except OSError:
            pass
        stop(self.process, grace=5)
        self.log.close()


def header(record, name):
    for key, value in record.get("headers", []):
        if key.lower() == name.lower():
            return value
    return None


# MARK: The API client

class APIClient:
    """Posts requests to a server that may be dead: a request without an answer is sent again
    (after a short pause) until one comes; 5xx answers are retried too. Only answers in `ok` count
    as acknowledged; anything else is a client or server error, recorded and not retried."""

    def __init__(self, server, key, webhook_secret=None):
        self.server = server
        self.key = key
        self.webhook_secret = webhook_secret
        self.retries = 0
        self.errors = []
        self.lock = threading.Lock()

    # A server that has not answered for this long is not coming back: the request is given up.
    patience = 180.0

    def _send(self, method, path, body, headers, ok, stop_event=None):
        deadline = time.monotonic() + self.patience
        while True:
            try:
                status, answer = http_request(self.server.port, method, path, body=body, headers=headers, timeout=15)
            except (OSError, http.client.HTTPException):
                status, answer = None, b""
            if status in ok:
                return status, answer
            if status is not None and status < 500:
                with self.lock:
                    self.errors.append(f"{method} {path}: {status} {answer[:300]!r}")
                return status, answer
            with self.lock:
                self.retries += 1
            if stop_event is not None and stop_event.is_set():
                return None, b""
            if time.monotonic() > deadline:
                with self.lock:
                    self.errors.append(f"{method} {path}: no answer for {self.patience:.0f} s")
                return None, b""
            time.sleep(0.03)

    def post_json(self, path, payload, ok=(200, 201)):
        body = json.dumps(payload).encode()
        headers = {"Authorization": f"Bearer {self.key}", "Content-Type": "application/json"}
        return self._send("POST", path, body, headers, ok)

    def shopify(self, store, topic, payload, delivery_id):
        body = json.dumps(payload).encode()
        mac = base64.b64encode(hmac.new(self.webhook_secret.encode(), body, hashlib.sha256).digest()).decode()
        headers = {
            "Content-Type": "application/json", "X-Shopify-Topic": topic, "X-Shopify-Webhook-Id": delivery_id,
            "X-Shopify-Hmac-Sha256": mac,
        }
        return self._send("POST", f"/webhooks/shopify/{store}", body, headers, (200,))


def cents(text):
    """'12.34' -> 1234 (two-decimal currencies only, as the suite uses)."""
    negative = text.startswith("-")
    whole, _, fraction = text.lstrip("-").partition(".")
    value = int(whole) * 100 + int((fraction + "00")[:2])
    return -value if negative else value


def money(minor):
    return f"{minor // 100}.{minor % 100:02d}"
