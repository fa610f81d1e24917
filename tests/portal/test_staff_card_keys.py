"""A clerk's card link is a keyed digest (HMAC-SHA-256 under the portal's digest key, like an appointment's
holder): a copy of the staff_cards table cannot be searched by trying civil ids, a portal served with another
key finds no link made under the first, migration 0012 clears the unkeyed links kept before, and the demo
portal links its clerk's card again when it starts. The card itself signs in through the real portal under
uvicorn (tests/counter/test_card_sign_in_pcscd.py does it through pcscd and vpcd)."""

from __future__ import annotations

import asyncio
import base64
import contextlib
import hashlib
import hmac
import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx

from portal.content.demo_people import DEMO_PEOPLE
from portal.security import DEMO_DIGEST_KEY
from portal.seed import DEMO_CLERK_CARD
from tests.portal.conftest import REPO, RunningPortal, portal_command, real_portal
from tests.portal.sessions import card_answer, challenge

PASSWORD = "a-long-enough-password"


def cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        portal_command(*args), cwd=REPO, input=stdin, capture_output=True, text=True, timeout=60, check=False
    )


def card_sign_in(client: httpx.Client, citizen: str) -> httpx.Response:
    issued = challenge(client)
    answer = card_answer(citizen, base64.b64decode(issued["challenge"]))
    return client.post("/v1/auth/staff/card-session", json={"challenge_id": issued["challenge_id"], **answer})


async def read_links(database_url: str) -> list[str]:
    """Every card_digest in staff_cards, straight from the database."""
    from sqlalchemy import select

    from portal.db import create_engine, session_factory
    from portal.models import StaffCard

    engine = create_engine(database_url)
    try:
        async with session_factory(engine)() as db:
            return list(await db.scalars(select(StaffCard.card_digest)))
    finally:
        await engine.dispose()


def stored_links(database_url: str) -> list[str]:
    return asyncio.run(read_links(database_url))


def hmac_hex(key: bytes, civil_id: str) -> str:
    """The link as the portal should keep it, computed here without the portal's helper."""
    return hmac.new(key, b"staff card v2\0" + civil_id.encode(), hashlib.sha256).hexdigest()


def test_the_stored_link_is_keyed_and_says_nothing_without_the_key(portal: RunningPortal) -> None:
    links = stored_links(portal.database_url)
    # The demo portal keys with the published demo key (docs/portal.md, "Keyed digests").
    assert hmac_hex(DEMO_DIGEST_KEY, DEMO_CLERK_CARD) in links
    # Trying every demo civil id the way anyone could without the key finds nothing: not the plain SHA-256,
    # nor the digest kept before migration 0012, nor the keyed digest under any other key.
    for person in DEMO_PEOPLE:
        for guess in (
            hashlib.sha256(person.civil_id.encode()).hexdigest(),
            hashlib.sha256(f"staff-card:{person.civil_id}".encode()).hexdigest(),
            hmac_hex(b"k" * 32, person.civil_id),
        ):
            assert guess not in links, person.key
    with portal.client(portal.counter_token) as counter:
        signed_in = card_sign_in(counter, "ines")
    assert signed_in.status_code == 201, signed_in.text
    assert signed_in.json()["role"] == "clerk"


@contextlib.contextmanager
def served(database_url: str, key_file: Path, log: Path) -> Iterator[str]:
    """A portal that is not a demo one, keyed by ``key_file``, trusting the card emulator's demo CA as a real
    portal trusts the state's card CAs; its address."""
    from kiosk.card.emulator import democa

    democa.authority()  # the CA's certificates exist before the portal reads its trusted folder
    options = ("--trusted-ca-dir", str(democa.default_directory()), "--digest-key-file", str(key_file))
    with real_portal(database_url, log, *options) as base:
        yield base


def sign_in_at(base: str, counter_token: str, citizen: str) -> httpx.Response:
    headers = {"Authorization": f"Bearer {counter_token}", "Accept-Language": "en"}
    with httpx.Client(base_url=base, headers=headers, timeout=10.0) as counter:
        return card_sign_in(counter, citizen)


def test_a_portal_with_another_key_refuses_the_old_link_until_the_card_is_linked_again(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'keyed.db'}"
    first, other = tmp_path / "first.key", tmp_path / "other.key"
    first.write_bytes(b"f" * 32)
    other.write_bytes(b"o" * 32)
    assert cli("migrate", "--db", url).returncode == 0
    counter = cli("create-device", "--db", url, "--name", "Counter 1", "--kind", "counter")
    assert counter.returncode == 0, counter.stderr
    token = counter.stdout.strip()
    staff = ("create-staff", "--db", url, "--username", "ana", "--display-name", "Ana")
    assert cli(*staff, stdin=PASSWORD + "\n").returncode == 0
    link = ("link-card", "--db", url, "--username", "ana", "--document-number", DEMO_CLERK_CARD)

    linked = cli(*link, "--digest-key-file", str(first))
    assert linked.returncode == 0, linked.stderr
    assert "demo key" not in linked.stdout
    assert stored_links(url) == [hmac_hex(b"f" * 32, DEMO_CLERK_CARD)]
    with served(url, first, tmp_path / "portal.log") as base:
        assert sign_in_at(base, token, "ines").status_code == 201

    # The same table under another key: the link names no card this portal can compute.
    with served(url, other, tmp_path / "portal.log") as base:
        refused = sign_in_at(base, token, "ines")
        assert refused.status_code == 401
        assert refused.json()["detail"].startswith("This card is not linked to a clerk account.")
        # A link made without a key file is under the demo key: this portal does not find it either.
        demo_linked = cli(*link)
        assert demo_linked.returncode == 0, demo_linked.stderr
        assert "under the demo key" in demo_linked.stdout
        assert sign_in_at(base, token, "ines").status_code == 401
        # Linked again under the portal's own key (what clerks do after the upgrade), the card opens it.
        relinked = cli(*link, "--digest-key-file", str(other))
        assert relinked.returncode == 0, relinked.stderr
        opened = sign_in_at(base, token, "ines")
        assert opened.status_code == 201, opened.text
    assert DEMO_CLERK_CARD not in " ".join(stored_links(url))


def test_a_key_file_too_short_is_refused_by_link_card(tmp_path: Path) -> None:
    short = tmp_path / "short.key"
    short.write_bytes(b"s" * 16)
    url = f"sqlite:///{tmp_path / 'short.db'}"
    result = cli(
        "link-card", "--db", url, "--username", "ana", "--document-number", "1", "--digest-key-file", str(short)
    )
    assert result.returncode == 2
    assert "holds 16 bytes; it needs 32" in result.stderr
    assert "Traceback" not in result.stderr


def test_migration_0012_clears_the_unkeyed_links_and_the_demo_links_its_clerk_again(tmp_path: Path) -> None:
    """An upgraded demo database: its unkeyed link is deleted (nothing can key it), and the demo's start links
    the demo clerk's card again under the demo key."""
    from alembic import command
    from sqlalchemy import Connection, text

    from portal.db import create_engine, session_factory
    from portal.migrate import alembic_config, upgrade_database
    from portal.security import digest_key
    from portal.seed import seed_demo
    from portal.staff_cards import staff_for_card

    url = f"sqlite:///{tmp_path / 'old.db'}"
    old_link = hashlib.sha256(f"staff-card:{DEMO_CLERK_CARD}".encode()).hexdigest()

    def back_to_0011_with_an_unkeyed_link(connection: Connection) -> None:
        command.downgrade(alembic_config(connection), "0011")
        connection.execute(text("UPDATE staff_cards SET card_digest = :old"), {"old": old_link})

    async def scenario() -> tuple[list[str], list[str], list[str], str | None]:
        await upgrade_database(url)
        engine = create_engine(url)
        try:
            await seed_demo(session_factory(engine))
            async with engine.begin() as connection:
                await connection.run_sync(back_to_0011_with_an_unkeyed_link)
        finally:
            await engine.dispose()
        before = await read_links(url)
        await upgrade_database(url)  # what the demo portal's start does first (portal/cli.py _prepare)
        upgraded = await read_links(url)
        engine = create_engine(url)
        try:
            await seed_demo(session_factory(engine))
            async with session_factory(engine)() as db:
                clerk = await staff_for_card(db, DEMO_CLERK_CARD, digest_key(None))
                username = None if clerk is None else clerk.username
        finally:
            await engine.dispose()
        return before, upgraded, await read_links(url), username

    before, upgraded, relinked, username = asyncio.run(scenario())
    assert before == [old_link]
    assert upgraded == []
    assert relinked == [hmac_hex(DEMO_DIGEST_KEY, DEMO_CLERK_CARD)]
    assert username == "clerk"
