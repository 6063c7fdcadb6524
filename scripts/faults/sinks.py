"""Receivers with faults that can be switched while they run, in the suite's own process.

FaultySMTP: aiosmtpd on a fixed port, each accepted message kept (by Message-ID) and written to
a folder. What it does is read at every reply, so a scenario changes it mid-run:
  listening      start() / stop(): no listener at all ("SMTP down"), then up on the same port;
  delay          seconds before each reply (the greeting too; a multi-line reply is delayed once);
  pipelining     advertise PIPELINING (Postfix and most relays do);
  greeting       a reply instead of "220" (e.g. "421 4.3.2 busy"), then the connection is closed;
  rcpt_transient a reply to every RCPT TO (e.g. "451 4.7.1 greylisted");
  rcpt_permanent {address: reply}, answered whatever the mode (e.g. "550 5.1.1 no such user").

FaultyHTTP: a threaded HTTP receiver (the SMS provider, a webhook endpoint):
  mode "ok"      201 {"sid": "SM<n>"};
  mode "error"   500 with a Twilio-shaped JSON error;
  mode "hang"    reads the request and never answers: holds the connection until the client
                 gives up (or `hang_seconds`), then closes it. A request that hung is never
                 answered later, so it can never count as a delivery.
Every request is recorded with the answer it got ("201", "500", "hung").
"""
import asyncio
import email
import email.policy
import json
import os
import select
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from aiosmtpd.smtp import SMTP


class FaultySMTP:
    def __init__(self, folder, port):
        self.folder = folder
        self.port = port
        os.makedirs(folder, exist_ok=True)
        self.delay = 0.0
        self.pipelining = False
        self.greeting = None
        self.rcpt_transient = None
        self.rcpt_permanent = {}
        self.lock = threading.Lock()
        self.accepted = []          # [(message_id, rcpt, time)]
        self.refused = []           # [(stage, address, reply, time)]
        self.connections = 0
        self.loop = None
        self.server = None
        self.thread = None
        self._transports = set()

    # MARK: control

    def start(self):
        """Listens on `port` (again, after stop())."""
        ready = threading.Event()
        failure = []

        def run():
            loop = asyncio.new_event_loop()
            asyncio.set_event_loop(loop)
            self.loop = loop
            try:
                self.server = loop.run_until_complete(loop.create_server(
                    self._protocol, host="127.0.0.1", port=self.port, reuse_address=True))
            except OSError as error:
                failure.append(error)
                ready.set()
                loop.close()
                return
            ready.set()
            loop.run_forever()
            self.server.close()
            try:
                loop.run_until_complete(self.server.wait_closed())
            except Exception:
                pass
            for task in asyncio.all_tasks(loop):
                task.cancel()
            try:
                loop.run_until_complete(asyncio.sleep(0))
            except Exception:
                pass
            loop.close()

        self.thread = threading.Thread(target=run, daemon=True, name=f"smtp-{self.port}")
        self.thread.start()
        ready.wait(10)
        if failure:
            raise failure[0]

    def stop(self):
        """Stops listening and drops every open connection."""
        if self.loop is None:
            return
        loop = self.loop

        def shutdown():
            self.server.close()
            for transport in list(self._transports):
                transport.abort()
            loop.stop()

        loop.call_soon_threadsafe(shutdown)
        self.thread.join(10)
        self.loop = None

    def message_ids(self):
        with self.lock:
            return [m for m, _, _ in self.accepted]

    # MARK: the SMTP side

    def _protocol(self):
        sink = self

        class Handler:
            async def handle_EHLO(self, server, session, envelope, hostname, responses):
                session.host_name = hostname
                if sink.pipelining:
                    responses.insert(len(responses) - 1, "250-PIPELINING")
                return responses

            async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
                reply = sink.rcpt_permanent.get(address.lower()) or sink.rcpt_transient
                if reply:
                    with sink.lock:
                        sink.refused.append(("RCPT", address, reply, time.time()))
                    return reply
                envelope.rcpt_tos.append(address)
                return "250 2.1.5 OK"

            async def handle_DATA(self, server, session, envelope):
                raw = envelope.original_content or envelope.content
                message = email.message_from_bytes(raw, policy=email.policy.default)
                message_id = str(message.get("Message-ID", "")).strip()
                with sink.lock:
                    sink.accepted.append((message_id, ",".join(envelope.rcpt_tos), time.time()))
                    number = len(sink.accepted)
                with open(os.path.join(sink.folder, f"{number}.eml"), "wb") as f:
                    f.write(raw)
                return f"250 2.0.0 OK: queued as fault-{number}"

        class Session(SMTP):
            async def push(self, status):
                text = status if isinstance(status, str) else status.decode("utf-8", "replace")
                if not getattr(self, "_continuing", False) and sink.delay > 0:
                    await asyncio.sleep(sink.delay)
                self._continuing = len(text) > 3 and text[3] == "-"
                await super().push(status)

            async def _handle_client(self):
                if sink.greeting:
                    await self.push(sink.greeting)
                    self.transport.close()
                    return
                await super()._handle_client()

            def connection_made(self, transport):
                sink._transports.add(transport)
                with sink.lock:
                    sink.connections += 1
                super().connection_made(transport)

            def connection_lost(self, error):
                sink._transports.discard(self.transport)
                super().connection_lost(error)

        return Session(Handler(), hostname="fault-sink.local", timeout=600, loop=self.loop)


class FaultyHTTP:
    def __init__(self, folder):
        self.folder = folder
        os.makedirs(folder, exist_ok=True)
        self.mode = "ok"
        self.hang_seconds = 60.0
        self.lock = threading.Lock()
        self.records = []   # dicts: n, path, key, answer, at
        sink = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *arguments):
                pass

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                mode = sink.mode
                key = self.headers.get("Idempotency-Key") or self.headers.get("Encore-Idempotency-Key")
                with sink.lock:
                    number = len(sink.records) + 1
                    record = {"n": number, "path": self.path, "key": key, "answer": None, "at": time.time(),
                              "order": None}
                    try:
                        record["order"] = json.loads(body).get("order")
                    except (ValueError, AttributeError):
                        pass
                    sink.records.append(record)
                with open(os.path.join(sink.folder, f"{number}.json"), "w") as f:
                    json.dump({"path": self.path, "headers": list(self.headers.items()),
                               "body": body.decode("utf-8", "replace"), "mode": mode}, f)
                if mode == "hang":
                    record["answer"] = "hung"
                    deadline = time.monotonic() + sink.hang_seconds
                    connection = self.connection
                    while time.monotonic() < deadline:
                        readable, _, _ = select.select([connection], [], [], 0.2)
                        if readable:
                            try:
                                if not connection.recv(1, socket.MSG_PEEK):
                                    break   # the client gave up and closed
                            except OSError:
                                break
                    self.close_connection = True
                    try:
                        connection.shutdown(socket.SHUT_RDWR)
                    except OSError:
                        pass
                    return
                if mode == "error":
                    status, answer = 500, {"code": 20500, "message": "Internal Server Error (fault injected)"}
                else:
                    status, answer = 201, {"sid": f"SM{number}"}
                data = json.dumps(answer).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                    self.wfile.flush()
                    record["answer"] = str(status)
                except OSError:
                    record["answer"] = f"{status} (client gone)"

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True, name=f"http-{self.port}")
        self.thread.start()

    @property
    def base(self):
        return f"http://127.0.0.1:{self.port}"

    def snapshot(self):
        with self.lock:
            return [dict(r) for r in self.records]

    def stop(self):
        self.server.shutdown()
        self.server.server_close()
