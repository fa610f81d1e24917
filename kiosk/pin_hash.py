"""The admin PIN hash's format: what `kiosk admin-pin` writes to kiosk.toml, read back without hashing anything.

kiosk.config checks this format on every start, so it lives apart from kiosk.admin, which makes and checks the
hashes (scrypt) and keeps the lockout: neither hashlib nor the admin screen's code is loaded before the first
screen is painted.
"""

from __future__ import annotations

import base64
from typing import NamedTuple

SCHEME = "scrypt"


class PinHash(NamedTuple):
    n: int
    r: int
    p: int
    salt: bytes
    digest: bytes


def parse_pin_hash(stored: str) -> PinHash:
    """Raises ValueError, in words for the operator, when ``stored`` is not a hash ``kiosk admin-pin`` made."""
    parts = stored.split("$")
    if len(parts) != 6 or parts[0] != SCHEME:
        raise ValueError("not a PIN hash made by `kiosk admin-pin` (it starts with scrypt$ and has 6 parts)")
    try:
        n, r, p = (int(part) for part in parts[1:4])
        salt = base64.b64decode(parts[4], validate=True)
        digest = base64.b64decode(parts[5], validate=True)
    except ValueError:
        raise ValueError("the PIN hash is damaged (its numbers or base64 parts do not read)") from None
    if n < 2**10 or n & (n - 1) or not 1 <= r <= 64 or not 1 <= p <= 16 or len(salt) < 8 or len(digest) != 32:
        raise ValueError("the PIN hash's cost, salt or length is out of range")
    return PinHash(n, r, p, salt, digest)
