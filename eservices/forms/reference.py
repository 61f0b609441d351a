"""Human-friendly reference numbers, e.g. ``TR-7K4M-9Q2P``.

No 0/O, 1/I/L: a resident reading a reference over the phone cannot confuse them.
"""

import secrets

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def new_reference(prefix: str) -> str:
    body = "".join(secrets.choice(ALPHABET) for _ in range(8))
    return f"{prefix}-{body[:4]}-{body[4:]}"
