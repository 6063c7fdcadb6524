#!/usr/bin/env python3
"""Verifies a message's DKIM signature with dkimpy, an independent implementation.

usage: dkim-verify.py MESSAGE_FILE SELECTOR DOMAIN 'v=DKIM1; k=...; p=...'
The DNS look-up of SELECTOR._domainkey.DOMAIN answers the given record; nothing else resolves.
Prints "pass" and exits 0 when the signature verifies, prints "fail: ..." and exits 1 otherwise.
"""
import sys

import dkim


def main() -> int:
    path, selector, domain, record = sys.argv[1:5]
    with open(path, "rb") as handle:
        message = handle.read()
    wanted = f"{selector}._domainkey.{domain}.".encode()

    def dnsfunc(name, timeout=5):
        name = name if isinstance(name, bytes) else name.encode()
        if not name.endswith(b"."):
            name += b"."
        return record.encode() if name.lower() == wanted.lower() else None

    verifier = dkim.DKIM(message)
    try:
        ok = verifier.verify(dnsfunc=dnsfunc)
    except dkim.DKIMException as error:
        print(f"fail: {error}")
        return 1
    if not ok:
        print("fail: the signature does not verify")
        return 1
    print("pass")
    return 0


if __name__ == "__main__":
    sys.exit(main())
