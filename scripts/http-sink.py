#!/usr/bin/env python3
"""A tiny HTTP receiver for tests (SMS provider, webhooks): records every request in a folder.

    python3 scripts/http-sink.py --dir /tmp/hooks [--port 0] [--status 201]

Prints `READY <port>` on stdout once it accepts connections (port 0 picks a free one), then
serves until killed (SIGTERM/SIGINT).

For each request N (1, 2, ...) it writes N.json, before answering: method, path, headers (a list
of [name, value] as received), body (UTF-8 text) and form (the body parsed as
application/x-www-form-urlencoded, when it is that). The answer is `--status` (201 by default)
with the JSON body {"sid": "SM<N>"}, which is what a Twilio-shaped Messages API returns.

Needs only the Python standard library.
"""
import argparse
import json
import os
import sys
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dir", required=True, help="folder for N.json (created)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--status", type=int, default=201, help="the status every request is answered with")
    args = parser.parse_args()
    os.makedirs(args.dir, exist_ok=True)
    lock = threading.Lock()
    counter = [0]

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *arguments):
            pass

        def handle_any(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            with lock:
                counter[0] += 1
                number = counter[0]
            text = body.decode("utf-8", errors="replace")
            record = {
                "method": self.command,
                "path": self.path,
                "headers": [[name, value] for name, value in self.headers.items()],
                "body": text,
            }
            if (self.headers.get("Content-Type") or "").startswith("application/x-www-form-urlencoded"):
                record["form"] = dict(urllib.parse.parse_qsl(text, keep_blank_values=True))
            base = os.path.join(args.dir, str(number))
            with open(base + ".json.tmp", "w") as f:
                json.dump(record, f, indent=1)
            os.rename(base + ".json.tmp", base + ".json")
            answer = json.dumps({"sid": f"SM{number}"}).encode()
            self.send_response(args.status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        do_POST = handle_any
        do_PUT = handle_any
        do_GET = handle_any

    server = ThreadingHTTPServer((args.host, args.port), Handler)
    server.daemon_threads = True
    print(f"READY {server.server_address[1]}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    sys.exit(main())
