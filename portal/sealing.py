"""Seals on issued documents (kiosk.seal format), the signing keys, their rotation and the trust list."""

from __future__ import annotations

import base64
import datetime as dt

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from sqlalchemy import bindparam, select
from sqlalchemy.ext.asyncio import AsyncSession

from kiosk.seal import SealedDocument, kid_for, public_jwk, sign_seal
from portal.models import Document, SealKey, utcnow

KEY_LIFETIME = dt.timedelta(days=2 * 365)
"""A key signs for two years and stays published that long, so documents verify until they expire."""


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def new_seal_key(now: dt.datetime) -> SealKey:
    private_key = ec.generate_private_key(ec.SECP256R1())
    pem = private_key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    return SealKey(
        kid=_b64url(kid_for(private_key.public_key())),
        private_key_pem=pem,
        not_before=now,
        expires_at=now + KEY_LIFETIME,
    )


def _private_key(row: SealKey) -> ec.EllipticCurvePrivateKey:
    key = serialization.load_pem_private_key(row.private_key_pem.encode(), password=None)
    if not isinstance(key, ec.EllipticCurvePrivateKey):
        raise ValueError("seal keys are EC P-256")
    return key


# Built once, with a placeholder: it runs for every document issued.
CURRENT_KEY = (
    select(SealKey)
    .where(
        SealKey.retired_at.is_(None),
        SealKey.expires_at > bindparam("now"),
        SealKey.not_before <= bindparam("now"),
    )
    .order_by(SealKey.not_before.desc())
    .limit(1)
)


async def current_key(db: AsyncSession) -> SealKey:
    """The newest key still allowed to sign; one is created when there is none."""
    now = utcnow()
    row = await db.scalar(CURRENT_KEY, {"now": now})
    if row is None:
        row = new_seal_key(now)
        db.add(row)
        await db.flush()
    return row


async def ensure_seal_key(db: AsyncSession) -> str:
    """Make sure a signing key exists (migrate, seed and serve call this): a fresh portal publishes its key
    in the trust list before it issues anything, so a terminal that caches the list early verifies offline."""
    return (await current_key(db)).kid


async def rotate_key(db: AsyncSession) -> str:
    """Retire the signing key(s) and start a new one; retired keys stay in the trust list."""
    now = utcnow()
    for row in await db.scalars(select(SealKey).where(SealKey.retired_at.is_(None))):
        row.retired_at = now
    fresh = new_seal_key(now)
    db.add(fresh)
    return fresh.kid


async def trust_list(db: AsyncSession) -> dict[str, list[dict[str, object]]]:
    now = utcnow()
    keys = []
    for row in await db.scalars(select(SealKey).where(SealKey.expires_at > now).order_by(SealKey.not_before)):
        public = _private_key(row).public_key()
        keys.append(public_jwk(public, int(row.not_before.timestamp()), int(row.expires_at.timestamp())))
    return {"keys": keys}


class Signer:
    """Signs seals with the current key; asks the database which key that is, so a rotation applies at once."""

    def __init__(self, issuer: str) -> None:
        self.issuer = issuer
        self._parsed: dict[str, ec.EllipticCurvePrivateKey] = {}

    async def _signing_key(self, db: AsyncSession) -> ec.EllipticCurvePrivateKey:
        row = await current_key(db)
        key = self._parsed.get(row.kid)
        if key is None:
            key = self._parsed[row.kid] = _private_key(row)
        return key

    async def seal(self, db: AsyncSession, document: Document) -> str:
        sealed = SealedDocument(
            issuer=self.issuer,
            issued_at=int(document.issued_at.timestamp()),
            expires_at=int(document.expires_at.timestamp()),
            doc_type=document.type,
            doc_id=document.id,
            holder=document.holder,
            fields={str(label): str(value) for label, value in document.fields.items()},
        )
        return sign_seal(sealed, await self._signing_key(db))
