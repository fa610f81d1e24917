"""A clerk's own card: linked to their staff account by a supervisor, it signs them in at a counter.

The card proves itself exactly as a citizen's does (the portal's challenge signed by its authentication key,
the chain validated by pyhanko-certvalidator, portal/cardauth.py); then the certificate subject's serial
number (the civil id) names the account. Only a keyed digest of that number is stored (HMAC-SHA-256 under the
portal's digest key, portal.security.keyed_digest, the same mechanism as an appointment's holder), never the
number: civil ids are few enough to try every one against a copy of the table, which without the key says
nothing about who the clerks are. Migration 0012 cleared the unkeyed links kept before; clerks link again.
"""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from portal.i18n import MESSAGES, Language
from portal.models import StaffCard, StaffUser, utcnow
from portal.security import keyed_digest
from portal.staff import civil_id_from_document_number

CARD_MESSAGES: dict[Language, dict[str, str]] = {
    "en": {
        "problem.staff_card_not_linked": (
            "This card is not linked to a clerk account. Sign in with your user name and password, or ask a "
            "supervisor to link your card."
        ),
    },
    "pt": {
        "problem.staff_card_not_linked": (
            "Este cartão não está associado a nenhuma conta de funcionário. Entre com o nome de utilizador e "
            "a palavra-passe, ou peça a um supervisor que associe o seu cartão."
        ),
    },
}
for _language, _texts in CARD_MESSAGES.items():
    assert not set(_texts) & set(MESSAGES[_language]), "a staff card message id is already in portal/i18n.py"
    MESSAGES[_language].update(_texts)


class CardLinkError(Exception):
    """Why a card could not be linked, for the operator (one line)."""


CARD_PURPOSE = "staff card v2"
"""v1 was an unkeyed SHA-256 of "staff-card:" and the civil id (cleared by migration 0012)."""


def card_digest(civil_id: str, key: bytes) -> str:
    """The stored name of a card: a keyed digest of its holder's civil id under the portal's digest key
    (portal.security.digest_key), with this table's own purpose so it matches no other digest the portal keeps.
    A portal served with another key finds no link made under this one."""
    return keyed_digest(key, CARD_PURPOSE, civil_id)


async def staff_for_card(db: AsyncSession, civil_id: str, key: bytes) -> StaffUser | None:
    """The staff account this card opens, or None (not linked, or linked under another key)."""
    link = await db.get(StaffCard, card_digest(civil_id, key))
    return None if link is None else await db.get(StaffUser, link.staff_id)


async def link_card(
    db: AsyncSession, username: str, document_number: str, linked_by: str, *, key: bytes
) -> None:
    """Link the card with this document number (civil id, citizen card number or Belgian national number) to a
    staff account, under the digest key the portal serves with; a card already linked to someone else is moved
    (the last link wins, and says so)."""
    staff = await db.scalar(select(StaffUser).where(StaffUser.username == username))
    if staff is None:
        raise CardLinkError(f"there is no staff account {username!r}")
    digest = card_digest(civil_id_from_document_number(document_number), key)
    link = await db.get(StaffCard, digest)
    if link is None:
        db.add(StaffCard(card_digest=digest, staff_id=staff.id, linked_by=linked_by, linked_at=utcnow()))
    else:
        link.staff_id, link.linked_by, link.linked_at = staff.id, linked_by, utcnow()


async def unlink_cards(db: AsyncSession, username: str) -> int:
    """Forget every card linked to this account (a card lost, or the clerk left); how many were."""
    staff = await db.scalar(select(StaffUser).where(StaffUser.username == username))
    if staff is None:
        raise CardLinkError(f"there is no staff account {username!r}")
    result = await db.execute(delete(StaffCard).where(StaffCard.staff_id == staff.id))
    return int(getattr(result, "rowcount", 0) or 0)
