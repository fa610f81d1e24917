"""Secrets handling: tokens are random, shown once, and stored only as SHA-256 digests."""

from __future__ import annotations

import hashlib
import secrets
import string

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
