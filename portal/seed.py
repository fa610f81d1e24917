"""Loading the catalog, and the demo people, devices, staff and company, into a database."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from portal.catalog import ServiceDefinition, Taxon
from portal.content import DEMO_SERVICES, LIFE_EVENTS, THEMES, USER_GROUPS
from portal.content.demo_people import (
    DEMO_COMPANY_CERTIFICATE_CODE,
    DEMO_COMPANY_NIPC,
    DEMO_COUNTER_TOKEN,
    DEMO_DISPLAY_TOKEN,
    DEMO_KIOSK_TOKEN,
    DEMO_OPEN311_API_KEY,
    DEMO_PEOPLE,
    DEMO_STAFF,
)
from portal.models import (
    Application,
    Company,
    Device,
    IdempotencyRecord,
    Letter,
    LoginChallenge,
    Person,
    RateCounter,
    ServiceRow,
    SessionToken,
    StaffCard,
    StaffUser,
    TaxonRow,
    utcnow,
)
from portal.passwords import hash_password
from portal.security import DEMO_DIGEST_KEY, code_digest, new_id, new_token, token_digest

log = logging.getLogger(__name__)
IDEMPOTENCY_RETENTION = dt.timedelta(days=7)
"""How long the answer to a submission is kept for a retry: far beyond the kiosk's outbox retrying."""


@dataclass(frozen=True)
class DemoSeed:
    kiosk_token: str
    counter_token: str
    seeded: bool
    """False when the database already held the demo data."""


async def replace_catalog(
    session: AsyncSession,
    services: tuple[ServiceDefinition, ...] = DEMO_SERVICES,
    taxa: dict[str, tuple[Taxon, ...]] | None = None,
) -> None:
    """Write the catalog; services no longer offered stay in the table so old applications keep a name."""
    groups = taxa or {"life_event": LIFE_EVENTS, "theme": THEMES, "user_group": USER_GROUPS}
    await session.execute(delete(TaxonRow))
    for kind, items in groups.items():
        for position, taxon in enumerate(items):
            session.add(
                TaxonRow(
                    kind=kind, code=taxon.code, position=position, definition=taxon.model_dump(mode="json")
                )
            )
    existing = {row.code: row for row in await session.scalars(select(ServiceRow))}
    for position, service in enumerate(services):
        definition = service.model_dump(mode="json")
        row = existing.get(service.code)
        if row is None:
            session.add(ServiceRow(code=service.code, position=position, definition=definition))
        elif row.definition != definition or row.position != position:
            row.definition, row.position, row.updated_at = definition, position, utcnow()


async def create_device(session: AsyncSession, name: str, kind: str, token: str | None = None) -> str:
    """Register a kiosk or counter and return its bearer token (shown once, stored as a digest)."""
    token = token or new_token("dev")
    session.add(Device(id=new_id(), name=name, kind=kind, token_hash=token_digest(token)))
    return token


DEMO_CLERK_CARD = "34567890"
"""The civil id of the demo card linked to the demo clerk (the emulator's citizen "ines", PIN in docs)."""


async def ensure_demo_clerk_card(session: AsyncSession) -> None:
    """The demo clerk's own card is Inês's demo card: the counter signs Ana in with it and its PIN. Linked
    under the demo key (a demo portal has no other, PortalSettings) whenever that card is linked to nobody: at
    the first seeding, and again after migration 0012 cleared the unkeyed links."""
    from portal.staff_cards import CardLinkError, card_digest, link_card

    if await session.get(StaffCard, card_digest(DEMO_CLERK_CARD, DEMO_DIGEST_KEY)) is None:
        # A demo database seeded before the demo clerk existed has no account to link: it starts without.
        with contextlib.suppress(CardLinkError):
            await link_card(session, "clerk", DEMO_CLERK_CARD, "demo", key=DEMO_DIGEST_KEY)


async def create_staff(
    session: AsyncSession, username: str, display_name: str, role: str, password: str
) -> None:
    session.add(
        StaffUser(
            id=new_id(),
            username=username,
            display_name=display_name,
            role=role,
            password_hash=hash_password(password),
        )
    )


async def seed_demo(
    sessions: async_sessionmaker[AsyncSession], token_file: Path | None = None, device: str = "kiosk"
) -> DemoSeed:
    """Idempotent: the catalog is refreshed, the rest is added only to a database without it.

    ``token_file`` gets the demo credential of ``device`` (kiosk, counter or display): the embedded portal of
    a counter or a display must hand out that terminal's credential, not the kiosk's.
    """
    async with sessions() as session, session.begin():
        await replace_catalog(session)
        known = await session.scalar(
            select(func.count()).select_from(Device).where(Device.token_hash == token_digest(DEMO_KIOSK_TOKEN))
        )
        seeded = not known
        if seeded:
            await create_device(session, "Quiosque Demo - Loja do Cidadão Saldanha", "kiosk", DEMO_KIOSK_TOKEN)
            await create_device(
                session, "Balcão Demo 1 - Loja do Cidadão Saldanha", "counter", DEMO_COUNTER_TOKEN
            )
            await create_device(session, "Open311 demo client", "open311", DEMO_OPEN311_API_KEY)
            await create_device(
                session, "Painel Demo - Loja do Cidadão Saldanha", "display", DEMO_DISPLAY_TOKEN
            )
            for username, display_name, role, password in DEMO_STAFF:
                await create_staff(session, username, display_name, role, password)
            for person in DEMO_PEOPLE:
                session.add(
                    Person(
                        id=new_id(),
                        civil_id=person.civil_id,
                        given_names=person.given_names,
                        surname=person.surname,
                        birth_date=person.birth_date,
                        tax_id=person.tax_id,
                    )
                )
            session.add(
                Company(
                    nipc=DEMO_COMPANY_NIPC,
                    name="Demonstração Portal, Lda.",
                    legal_form="lda",
                    share_capital="5000.00",
                    activity_code="62010",
                    registered_office={
                        "street": "Avenida da República 10",
                        "postal_code": "1050-191",
                        "locality": "Lisboa",
                        "country": "PT",
                    },
                    partner_nifs=["123456789"],
                    certificate_code_hash=code_digest(DEMO_COMPANY_CERTIFICATE_CODE),
                )
            )
    async with sessions() as session, session.begin():
        # Also into a database seeded before the queue existed.
        from portal.queue import ensure_demo_branch

        await ensure_demo_branch(session)
        # Applications waiting for a clerk, so the counter's Applications desk has some to decide.
        from portal.demo_applications import ensure_demo_applications

        await ensure_demo_applications(session)
        await ensure_demo_clerk_card(session)
    async with sessions() as session:
        # Bookings for the day the demo runs, with codes the docs name (portal/appointments.py).
        from portal.appointments import ensure_demo_appointments

        await ensure_demo_appointments(session)
    if token_file is not None:
        token_file.parent.mkdir(parents=True, exist_ok=True)
        tokens = {"kiosk": DEMO_KIOSK_TOKEN, "counter": DEMO_COUNTER_TOKEN, "display": DEMO_DISPLAY_TOKEN}
        token = tokens[device]
        token_file.write_text(token + "\n", encoding="utf-8")
    return DemoSeed(DEMO_KIOSK_TOKEN, DEMO_COUNTER_TOKEN, seeded)


async def ensure_catalog(sessions: async_sessionmaker[AsyncSession]) -> None:
    """Load the standard catalog into a database that has none yet."""
    async with sessions() as session, session.begin():
        if not await session.scalar(select(func.count()).select_from(ServiceRow)):
            await replace_catalog(session)


async def revoke_devices(session: AsyncSession, name: str) -> int:
    rows = list(await session.scalars(select(Device).where(Device.name == name, Device.revoked_at.is_(None))))
    for row in rows:
        row.revoked_at = utcnow()
    return len(rows)


async def take_letters(session: AsyncSession) -> list[tuple[str, str, str]]:
    """Letters not yet posted, as (application reference, address, code); they are marked sent."""
    rows = await session.execute(
        select(Letter, Application.reference)
        .join(Application, Application.id == Letter.application_id)
        .where(Letter.sent_at.is_(None))
        .order_by(Letter.created_at)
    )
    letters = []
    for letter, reference in rows.all():
        address = letter.address
        line = f"{address.get('street', '')}, {address.get('postal_code', '')} {address.get('locality', '')}"
        letters.append((reference, line, letter.code))
        letter.sent_at = utcnow()
    return letters


async def keep_house(sessions: async_sessionmaker[AsyncSession], every_seconds: float) -> None:
    """Run housekeeping every so often until cancelled (each worker does; the deletes do not conflict)."""
    while True:
        await asyncio.sleep(every_seconds)
        try:
            async with sessions() as session, session.begin():
                await housekeeping(session)
        except Exception as error:  # the database may be away for a while: try again next time
            # Only the kind of error: its text could carry values of the rows.
            log.warning("housekeeping failed (%s); next try in %.0f s", type(error).__name__, every_seconds)


async def housekeeping(session: AsyncSession) -> int:
    """Forget what has served its purpose: expired sessions and challenges, old idempotency answers
    (7 days, far beyond any retry) and rate counters of past minutes. Returns the rows removed."""
    now = utcnow()
    removed = 0
    statements = (
        delete(SessionToken).where(SessionToken.expires_at < now - dt.timedelta(days=1)),
        delete(LoginChallenge).where(LoginChallenge.expires_at < now - dt.timedelta(hours=1)),
        delete(IdempotencyRecord).where(IdempotencyRecord.created_at < now - IDEMPOTENCY_RETENTION),
        delete(RateCounter).where(RateCounter.window < int(now.timestamp() // 60) - 60),
    )
    for statement in statements:
        result = await session.execute(statement)
        removed += int(getattr(result, "rowcount", 0) or 0)
    return removed
