#!/usr/bin/env python3
"""A real SMTP server for tests: aiosmtpd on 127.0.0.1, every accepted message stored in a folder.

    python3 scripts/smtp-sink.py --dir /tmp/mail [--port 0] [--starttls | --implicit-tls]
        [--auth USER:PASSWORD [--auth-mechanisms LOGIN]] [--pipelining] [--reply-delay SECONDS] [--idle-timeout SECONDS] [--reject ADDRESS=CODE TEXT ...] [--exit-on-stdin-eof]

Prints `READY <port> <cert.pem or ->` on stdout once it accepts connections (port 0 picks a
free one), then serves until killed (SIGTERM/SIGINT).

For each accepted message N (1, 2, ...) it writes, before answering 250:
  N.eml   the message exactly as received (after SMTP dot-unstuffing);
  N.json  the envelope and session (mail_from, mail_options, rcpt_tos, peer_port, tls, auth_user,
          auth_mechanism, pipelined)
          and the message as Python's email package decodes it: headers (RFC 2047 decoded),
          subject, and parts (content_type, charset, transfer_encoding, text).
N.json is written last, so its presence means the message is complete. Each connection the idle
timeout ends leaves an empty-ish marker file idle-closed-N (1, 2, ...).

--starttls / --implicit-tls generate a self-signed certificate for localhost and 127.0.0.1 in
--dir (openssl, or the cryptography package when openssl is missing). --auth offers AUTH PLAIN
and LOGIN, only after STARTTLS when STARTTLS is on. --reject answers RCPT TO for ADDRESS with
the given reply, e.g. --reject "busy@example.com=451 4.3.0 Try again later".

Needs: pip install aiosmtpd.
"""
import argparse
import asyncio
import email
import email.policy
import json
import os
import signal
import shutil
import ssl
import subprocess
import sys

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


def make_certificate(directory):
    cert = os.path.join(directory, "sink-cert.pem")
    key = os.path.join(directory, "sink-key.pem")
    if shutil.which("openssl"):
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
             "-days", "2", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"],
            check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return cert, key
    import datetime
    import ipaddress
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID
    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.datetime.now(datetime.timezone.utc)
    certificate = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(private.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(hours=1)).not_valid_after(now + datetime.timedelta(days=2))
        .add_extension(x509.SubjectAlternativeName(
            [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(private, hashes.SHA256()))
    with open(cert, "wb") as f:
        f.write(certificate.public_bytes(serialization.Encoding.PEM))
    with open(key, "wb") as f:
        f.write(private.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL,
                                      serialization.NoEncryption()))
    return cert, key


def describe(message_bytes):
    message = email.message_from_bytes(message_bytes, policy=email.policy.default)
    parts = []
    for part in message.walk():
        if part.is_multipart():
            continue
        parts.append({
            "content_type": part.get_content_type(),
            "charset": part.get_content_charset(),
            "transfer_encoding": part.get("Content-Transfer-Encoding"),
            "text": part.get_content(),
        })
    return {
        "headers": [[name, str(value)] for name, value in message.items()],
        "subject": str(message.get("Subject", "")),
        "content_type": message.get_content_type(),
        "parts": parts,
    }


class Sink:
    def __init__(self, directory, rejects, pipelining, reply_delay=0.0):
        self.directory = directory
        self.rejects = rejects
        self.pipelining = pipelining
        self.reply_delay = reply_delay
        self.count = 0

    async def slow(self):
        if self.reply_delay:
            await asyncio.sleep(self.reply_delay)

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        session.host_name = hostname
        if self.pipelining:
            responses.insert(len(responses) - 1, "250-PIPELINING")
        return responses

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        # Commands already waiting in the read buffer when MAIL is handled were pipelined with it.
        session.pipelined = len(getattr(server._reader, "_buffer", b"")) > 0
        await self.slow()
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 2.1.0 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        await self.slow()
        reply = self.rejects.get(address.lower())
        if reply:
            return reply
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server, session, envelope):
        await self.slow()
        self.count += 1
        number = self.count
        raw = envelope.original_content or envelope.content
        base = os.path.join(self.directory, str(number))
        with open(base + ".eml.tmp", "wb") as f:
            f.write(raw)
        os.rename(base + ".eml.tmp", base + ".eml")
        record = {
            "mail_from": envelope.mail_from,
            "mail_options": envelope.mail_options,
            "rcpt_tos": envelope.rcpt_tos,
            "peer_port": session.peer[1] if session.peer else None,
            "tls": session.ssl is not None,
            "auth_user": session.auth_data.login.decode() if isinstance(session.auth_data, LoginPassword) else None,
            "auth_mechanism": getattr(session, "auth_mechanism", None),
            "pipelined": getattr(session, "pipelined", False),
        }
        record.update(describe(raw))
        with open(base + ".json.tmp", "w") as f:
            json.dump(record, f, indent=1)
        os.rename(base + ".json.tmp", base + ".json")
        return f"250 2.0.0 OK: queued as sink-{number}"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dir", required=True, help="folder for N.eml and N.json (created)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    tls = parser.add_mutually_exclusive_group()
    tls.add_argument("--starttls", action="store_true", help="offer STARTTLS (self-signed certificate)")
    tls.add_argument("--implicit-tls", action="store_true", help="TLS from the first byte (smtps)")
    parser.add_argument("--auth", metavar="USER:PASSWORD", help="offer AUTH PLAIN and LOGIN and require it")
    parser.add_argument("--auth-mechanisms", default="PLAIN,LOGIN", metavar="LIST",
                        help="AUTH mechanisms to offer, comma-separated (default PLAIN,LOGIN)")
    parser.add_argument("--pipelining", action="store_true", help="advertise PIPELINING")
    parser.add_argument("--reply-delay", type=float, default=0.0, metavar="SECONDS",
                        help="wait this long before answering MAIL, each RCPT and the end of DATA")
    parser.add_argument("--idle-timeout", type=float, default=300,
                        help="seconds of client silence before 421 and hang-up (default 300)")
    parser.add_argument("--reject", action="append", default=[], metavar="ADDRESS=REPLY",
                        help="answer RCPT TO:<ADDRESS> with REPLY (repeatable)")
    parser.add_argument("--exit-on-stdin-eof", action="store_true",
                        help="stop when stdin closes, so a crashed test run leaves no server behind")
    args = parser.parse_args()
    # A parent that blocks signals in its threads (Swift, NIO) passes the mask on: unblock them.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGTERM, signal.SIGINT])

    os.makedirs(args.dir, exist_ok=True)
    rejects = {}
    for item in args.reject:
        address, _, reply = item.partition("=")
        rejects[address.strip().lower()] = reply.strip()

    cert = "-"
    context = None
    if args.starttls or args.implicit_tls:
        cert, key = make_certificate(args.dir)
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(cert, key)

    authenticator = None
    if args.auth:
        user, _, password = args.auth.partition(":")

        def authenticator(server, session, envelope, mechanism, auth_data):
            session.auth_mechanism = mechanism
            ok = isinstance(auth_data, LoginPassword) and auth_data.login.decode() == user \
                and auth_data.password.decode() == password
            return AuthResult(success=ok, handled=False, auth_data=auth_data)

    handler = Sink(args.dir, rejects, args.pipelining, args.reply_delay)
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)

    idle_closed = [0]

    class SinkSMTP(SMTP):
        """Marks each connection the idle timeout ends (idle-closed-N in the directory), so a
        test can wait for the hang-up instead of guessing how long it takes."""

        def _timeout_cb(self):
            idle_closed[0] += 1
            with open(os.path.join(args.dir, f"idle-closed-{idle_closed[0]}"), "w") as marker:
                marker.write("closed\n")
            super()._timeout_cb()

    def factory():
        return SinkSMTP(
            handler,
            hostname="smtp-sink.local",
            timeout=args.idle_timeout,
            tls_context=context if args.starttls else None,
            authenticator=authenticator,
            auth_required=authenticator is not None,
            # AUTH only over TLS when TLS is on offer; over plain text otherwise (tests only).
            auth_require_tls=bool(args.starttls),
            auth_exclude_mechanism=[m for m in ("PLAIN", "LOGIN")
                                    if m not in args.auth_mechanisms.upper().split(",")],
            loop=loop,
        )

    server = loop.run_until_complete(loop.create_server(
        factory, host=args.host, port=args.port, ssl=context if args.implicit_tls else None))
    port = server.sockets[0].getsockname()[1]
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, loop.stop)
    if args.exit_on_stdin_eof:
        def on_stdin():
            if not os.read(sys.stdin.fileno(), 4096):
                loop.stop()
        loop.add_reader(sys.stdin.fileno(), on_stdin)
    print(f"READY {port} {cert}", flush=True)
    try:
        loop.run_forever()
    finally:
        server.close()


if __name__ == "__main__":
    sys.exit(main())
