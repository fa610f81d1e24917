"""Secrets handling: tokens are random, shown once, and stored only as SHA-256 digests; numbers that name a
person (few enough to try them all) only as keyed digests."""

from __future__ import annotations

import functools
import hashlib
import hmac
import secrets
import string
from pathlib import Path

CODE_ALPHABET = "".join(c for c in string.ascii_uppercase + string.digits if c not in "0O1IL")


def new_token(prefix: str) -> str:
    """A bearer token; the prefix tells an operator what it is (dev_, ses_) without revealing it."""
    return f"{prefix}_{secrets.token_urlsafe(32)}"


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_code(groups: int = 3, size: int = 4) -> str:
    """A code a person can read aloud and key in, without look-alike characters: ABCD-EFGH-JKMN."""
    return "-".join("".join(secrets.choice(CODE_ALPHABET) for _ in range(size)) for _ in range(groups))


def normalise_code(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def code_digest(code: str) -> str:
    return hashlib.sha256(normalise_code(code).encode()).hexdigest()


def new_id() -> str:
    return secrets.token_hex(16)


DEMO_DIGEST_KEY = b"portal-demo-digest-key-NOT-SECRET"
"""The key of a portal without --digest-key-file (the demo): published, so such digests are as weak as a plain
SHA-256; a real portal names a key file (docs/portal.md, "Keyed digests")."""
MIN_DIGEST_KEY_BYTES = 32


def keyed_digest(key: bytes, purpose: str, value: str) -> str:
    """HMAC-SHA-256 of a value that names a person (a civil id): a random token's plain SHA-256 is safe, but a
    document number has few enough values to try them all against a stolen table without the key. The purpose
    keeps one table's digests from matching another's. 64 hex characters, like a SHA-256."""
    return hmac.new(key, purpose.encode() + b"\0" + value.encode(), hashlib.sha256).hexdigest()


@functools.cache
def digest_key(path: Path | None) -> bytes:
    """The key of keyed_digest: the bytes of the operator's key file, read once per worker (every worker
    names the same file); DEMO_DIGEST_KEY without one. PortalSettings has checked the file already."""
    if path is None:
        return DEMO_DIGEST_KEY
    key = path.read_bytes()
    if len(key) < MIN_DIGEST_KEY_BYTES:
        raise ValueError(f"the digest key file holds fewer than {MIN_DIGEST_KEY_BYTES} bytes")
    return key
