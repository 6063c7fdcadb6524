"""What the crash and fault suites share: their child processes, free ports, polling, and the
databases they check (SQLite directly, PostgreSQL through `psql`). Python 3 standard library only.

Both suites put scripts/ on sys.path and import this module from there.
"""
import os
import socket
import sqlite3
import subprocess
import threading
import time
import urllib.parse


class Failure(Exception):
    """A suite could not set up or run a scenario (not a finding about the server)."""


# MARK: Processes

# Every child process a suite starts, so an interrupted run leaves none behind.
_children = set()
_children_lock = threading.Lock()


def track(process):
    with _children_lock:
        _children.add(process)
    return process


def untrack(process):
    with _children_lock:
        _children.discard(process)


def kill_all_children():
    with _children_lock:
        children = list(_children)
        _children.clear()
    for process in children:
        if process.poll() is None:
            try:
                process.kill()
                process.wait(timeout=10)
            except Exception:
                pass


def child_environment(extra=None):
    """The caller's environment without the ENCORE_* settings that would change what a suite runs."""
    env = dict(os.environ)
    for name in ("ENCORE_DATABASE_URL", "ENCORE_SMTP_URL", "ENCORE_SMS_URL", "ENCORE_IMPORT_CRASH_AFTER_BATCH",
                 "ENCORE_METRICS_TOKEN", "ENCORE_BASE_URL"):
        env.pop(name, None)
    env.update(extra or {})
    return env


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(predicate, timeout, interval=0.2):
    """Polls until predicate() is truthy; returns its value, or None after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() >= deadline:
            return None
        time.sleep(interval)


# MARK: Databases

class SQLiteDB:
    kind = "sqlite"

    def __init__(self, path):
        self.path = os.path.abspath(path)
        self.url = "sqlite://" + self.path
        self.name = os.path.basename(self.path)

    def _connect(self):
        connection = sqlite3.connect(self.path, timeout=60)
        connection.execute("PRAGMA busy_timeout = 60000")
        return connection

    def query(self, sql, args=()):
        """Rows as tuples of strings (None for NULL), like PostgresDB.query."""
        connection = self._connect()
        try:
            return [tuple(None if v is None else str(v) for v in row) for row in connection.execute(sql, args)]
        finally:
            connection.close()

    def has_table(self, name):
        if not os.path.exists(self.path):
            return False
        return bool(self.query(f"SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '{name}'"))

    def execute(self, sql):
        connection = self._connect()
        try:
            connection.executescript(sql)
            connection.commit()
        finally:
            connection.close()

    def clone(self, name):
        """A consistent copy (SQLite's backup API) in the same folder."""
        copy = SQLiteDB(os.path.join(os.path.dirname(self.path), name + ".sqlite"))
        copy.drop()
        source = self._connect()
        target = sqlite3.connect(copy.path)
        try:
            source.backup(target)
        finally:
            target.close()
            source.close()
        return copy

    def drop(self):
        for suffix in ("", "-wal", "-shm", "-journal"):
            try:
                os.remove(self.path + suffix)
            except FileNotFoundError:
                pass


class PostgresDB:
    kind = "postgres"

    def __init__(self, admin_url, name):
        self.admin_url = admin_url
        self.name = name
        parts = urllib.parse.urlsplit(admin_url)
        self.url = urllib.parse.urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, ""))

    @staticmethod
    def psql(url, sql, timeout=600):
        result = subprocess.run(
            ["psql", url, "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-F", "\x1f", "-R", "\x1e", "-c", sql],
            capture_output=True, text=True, timeout=timeout)
        if result.returncode != 0:
            raise Failure(f"psql failed ({result.returncode}): {result.stderr.strip()}\n  SQL: {sql[:300]}")
        return result.stdout

    @classmethod
    def create(cls, admin_url, name):
        """A new, empty database `name` (dropped first if it exists)."""
        cls.psql(admin_url, f'DROP DATABASE IF EXISTS "{name}"')
        cls.psql(admin_url, f'CREATE DATABASE "{name}"')
        return cls(admin_url, name)

    def query(self, sql, args=()):
        """Rows as tuples of strings (None for NULL); psql takes no bound arguments."""
        assert not args, "psql queries take no arguments"
        rows = []
        for record in self.psql(self.url, sql).split("\x1e"):
            record = record.strip("\n")
            if record:
                rows.append(tuple(None if v == "" else v for v in record.split("\x1f")))
        return rows

    def has_table(self, name):
        return self.query(f"SELECT to_regclass('public.{name}') IS NOT NULL")[0][0] == "t"

    def execute(self, sql):
        self.psql(self.url, sql)

    def clone(self, name):
        self.psql(self.admin_url, f'DROP DATABASE IF EXISTS "{name}"')
        self.psql(self.admin_url, f'CREATE DATABASE "{name}" TEMPLATE "{self.name}"')
        return PostgresDB(self.admin_url, name)

    def drop(self):
        try:
            self.psql(self.admin_url, f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
        except Failure:
            self.psql(self.admin_url, f'DROP DATABASE IF EXISTS "{self.name}"')


def postgres_reachable(admin_url):
    try:
        PostgresDB.psql(admin_url, "SELECT 1", timeout=20)
        return True
    except (Failure, OSError, subprocess.TimeoutExpired):
        return False
