"""A staff password check (Argon2, slow by design) must not stall the other requests of its worker."""

from __future__ import annotations

import asyncio
import secrets
import threading
import time

import httpx
from argon2 import PasswordHasher

from portal.db import create_engine, session_factory
from portal.models import StaffUser
from tests.portal.conftest import RunningPortal

# A hash that takes a few seconds to check (the work factor is read from the hash itself), so that the check
# spans many other requests; the portal's own hashes take ~0.3 s.
SLOW_HASH = PasswordHasher(time_cost=16).hash("the right password")


async def add_staff(database_url: str, username: str) -> None:
    engine = create_engine(database_url)
    try:
        async with session_factory(engine)() as db:
            db.add(
                StaffUser(
                    id=secrets.token_hex(8),
                    username=username,
                    display_name="Slow hash",
                    password_hash=SLOW_HASH,
                    role="clerk",
                )
            )
            await db.commit()
    finally:
        await engine.dispose()


def test_other_requests_are_served_while_a_password_is_checked(portal: RunningPortal) -> None:
    username = f"slow-{secrets.token_hex(4)}"
    asyncio.run(add_staff(portal.database_url, username))
    answered = threading.Event()
    outcome: list[httpx.Response] = []

    def sign_in() -> None:
        with portal.client(portal.counter_token) as counter:
            # A wrong password: the check is the last thing the request does, nothing after it awaits.
            outcome.append(
                counter.post("/v1/auth/staff/session", json={"username": username, "password": "wrong"})
            )
        answered.set()

    signing_in = threading.Thread(target=sign_in)
    with portal.client() as other:
        other.get("/v1/health")  # the connection is open before the check starts
        signing_in.start()
        time.sleep(0.3)  # the sign-in reaches its password check
        served_meanwhile = 0
        while not answered.is_set():
            response = other.get("/v1/health")
            assert response.status_code == 200
            if not answered.is_set():
                served_meanwhile += 1
    signing_in.join()
    assert outcome[0].status_code == 401, outcome[0].text
    # On the event loop, the check held every request until it ended: at most the one already waiting was
    # answered before the sign-in. In a thread, the worker goes on serving throughout.
    assert served_meanwhile >= 5, served_meanwhile
