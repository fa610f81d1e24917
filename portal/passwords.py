"""Staff password hashing with Argon2id."""

from __future__ import annotations

from anyio import to_thread
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_HASHER = PasswordHasher()
# Compared against when the username is unknown, so both cases take the same time.
_DUMMY_HASH = _HASHER.hash("not-a-real-password")


def hash_password(password: str) -> str:
    return str(_HASHER.hash(password))


def verify_password(stored_hash: str | None, password: str) -> bool:
    try:
        return bool(_HASHER.verify(stored_hash or _DUMMY_HASH, password)) and stored_hash is not None
    except (VerificationError, InvalidHashError):
        return False


async def check_password(stored_hash: str | None, password: str) -> bool:
    """verify_password in a worker thread: Argon2 takes ~0.3 s of CPU by design, and on the event loop it held
    up every other request of the worker (catalog reads, kiosks polling) for that long. argon2-cffi releases
    the GIL while it hashes, so the loop goes on serving meanwhile."""
    return await to_thread.run_sync(verify_password, stored_hash, password)
