"""Sign-in: citizens by card (challenge and signature), staff by password; sessions bound to a device."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import secrets
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Header, Request, Response
from pydantic import BaseModel, Field
from sqlalchemy import bindparam, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from portal.audit import record
from portal.cardauth import CardAuthError, CardHolder, TrustStore, TrustStoreCache, authenticate_card
from portal.deps import (
    CounterDevice,
    Db,
    DeviceIdentity,
    Settings,
    TerminalDevice,
    TerminalPrincipal,
    session_expiry,
    unauthorized,
)
from portal.models import LoginChallenge, Person, SessionToken, StaffUser, utcnow
from portal.passwords import check_password
from portal.problems import Problem, forbidden
from portal.ratelimit import hit
from portal.schemas import ProblemOut, Strict
from portal.security import digest_key, new_id, new_token, token_digest
from portal.settings import PortalSettings
from portal.staff_cards import staff_for_card

router = APIRouter(prefix="/v1/auth", tags=["authentication"])
ERRORS: dict[int | str, dict[str, Any]] = {code: {"model": ProblemOut} for code in (400, 401, 403, 422, 429)}
CHALLENGE_SECONDS = 120


# The statements of a sign-in are built once, with placeholders: building one costs about as much CPU as
# sending it.
TAKE_CHALLENGE = (
    update(LoginChallenge)
    .where(
        LoginChallenge.id == bindparam("challenge_id"),
        LoginChallenge.device_id == bindparam("device"),
        LoginChallenge.used_at.is_(None),
        LoginChallenge.expires_at > bindparam("now"),
    )
    .values(used_at=bindparam("now"))
    .returning(LoginChallenge.nonce)
    .execution_options(synchronize_session=False)
)
"""Marks the challenge used and returns its nonce, only if it is this device's, unused and unexpired."""
PERSON_BY_CIVIL_ID = select(Person).where(Person.civil_id == bindparam("civil_id"))


class ChallengeOut(BaseModel):
    challenge_id: str
    challenge: str = Field(description="base64 of the bytes the card signs with its authentication key")
    expires_at: dt.datetime


class CardLogin(Strict):
    challenge_id: str = Field(max_length=40)
    signature: str = Field(max_length=2048, description="base64 signature by the authentication key")
    algorithm: Literal["rsa-pkcs1v15-sha256", "ecdsa-sha256", "ecdsa-sha384"]
    certificate_chain: list[str] = Field(
        min_length=1, max_length=5, description="base64 DER certificates, the card's first"
    )


class StaffLogin(Strict):
    username: str = Field(max_length=80)
    password: str = Field(max_length=200)


class PersonOut(BaseModel):
    given_names: str
    surname: str


class SessionOut(BaseModel):
    session_token: str = Field(description="Send as X-Session-Token, with this device's credential")
    expires_at: dt.datetime
    kind: Literal["citizen", "staff"]
    person: PersonOut | None = None
    role: Literal["clerk", "supervisor", "admin"] | None = None


def _decode(value: str) -> bytes:
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError) as error:
        raise Problem(400, "bad-encoding", "problem.bad_request", "problem.bad_base64") from error


def _trust_store(request: Request, settings: Settings) -> TrustStore:
    cache: TrustStoreCache | None = getattr(request.app.state, "trust_stores", None)
    if cache is None:
        cache = TrustStoreCache(settings.trusted_ca_dir, settings.revocation_list_dir, settings.demo)
        request.app.state.trust_stores = cache
    return cache.get()


def _open_session(
    db: AsyncSession,
    device_id: str,
    settings: PortalSettings,
    kind: str,
    *,
    person_id: str | None = None,
    staff_id: str | None = None,
) -> tuple[str, dt.datetime]:
    """A new short-lived token bound to one person (citizen or staff) and this device; only its hash is kept."""
    token = new_token("ses")
    expires = session_expiry(settings)
    db.add(
        SessionToken(
            token_hash=token_digest(token),
            subject_kind=kind,
            person_id=person_id,
            staff_id=staff_id,
            device_id=device_id,
            expires_at=expires,
        )
    )
    return token, expires


@router.post("/citizen/challenge", response_model=ChallengeOut, status_code=201, responses=ERRORS)
async def citizen_challenge(db: Db, device: TerminalDevice, settings: Settings) -> dict[str, Any]:
    """A fresh challenge for the card to sign; valid once, for two minutes, on this device."""
    # One transaction for the count and the challenge: nothing between them can fail but the database.
    await hit(db, f"challenge:{device.id}", settings.login_rate_per_minute, commit=False)
    nonce = secrets.token_bytes(32)
    challenge = LoginChallenge(
        id=new_id(),
        device_id=device.id,
        nonce=base64.b64encode(nonce).decode(),
        expires_at=utcnow() + dt.timedelta(seconds=CHALLENGE_SECONDS),
    )
    db.add(challenge)
    # A card is being read at this terminal: recorded with the device, before anyone is identified.
    await record(db, f"device:{device.id}", device, "card.challenge", "citizen card login", None)
    await db.commit()
    return {"challenge_id": challenge.id, "challenge": challenge.nonce, "expires_at": challenge.expires_at}


async def _proven_holder(
    request: Request,
    body: CardLogin,
    db: AsyncSession,
    device: DeviceIdentity,
    settings: PortalSettings,
    who: str,
) -> CardHolder:
    """The holder of the card that signed this device's challenge, its chain validated; 401 otherwise.

    One transaction for the whole sign-in; every refusal commits it, so a refused attempt still counts and
    still uses up its challenge. ``who`` names the sign-in in the audit ("citizen" or "staff").
    """
    await hit(db, f"{who}-login:{device.id}", settings.login_rate_per_minute, commit=False)
    now = utcnow()
    # Taking the challenge is one statement: of two requests racing with the same signed challenge, only one
    # finds it unused.
    nonce = await db.scalar(
        TAKE_CHALLENGE, {"challenge_id": body.challenge_id, "device": device.id, "now": now}
    )
    if nonce is None:
        await db.commit()
        raise unauthorized("problem.challenge_invalid")
    try:
        return await authenticate_card(
            [_decode(item) for item in body.certificate_chain],
            _decode(nonce),
            _decode(body.signature),
            body.algorithm,
            _trust_store(request, settings),
            now,
        )
    except CardAuthError as error:
        # The card's certificate was read and refused: recorded with the reason, not with whom it names
        # (an identity that failed its checks is nobody's proven identity).
        await record(
            db, f"device:{device.id}", device, "login.refused", f"{who} card login: {error.code}", None
        )
        await db.commit()
        raise unauthorized(f"problem.card.{error.code}") from error
    except Problem:
        await db.commit()
        raise


@router.post("/citizen/session", response_model=SessionOut, status_code=201, responses=ERRORS)
async def citizen_session(
    request: Request, body: CardLogin, db: Db, device: TerminalDevice, settings: Settings
) -> dict[str, Any]:
    """Exchange the signed challenge and the card's certificates for a session token."""
    holder = await _proven_holder(request, body, db, device, settings, "citizen")
    person = await db.scalar(PERSON_BY_CIVIL_ID, {"civil_id": holder.serial_number})
    if person is None:
        # A valid card from a trusted CA is proof enough to open a record for its holder.
        given, _, surname = holder.common_name.split(" (")[0].partition(" ")
        person = Person(
            id=new_id(),
            civil_id=holder.serial_number,
            given_names=holder.given_names or given,
            surname=holder.surname or surname,
        )
        db.add(person)
    token, expires = _open_session(db, device.id, settings, "citizen", person_id=person.id)
    await record(db, f"citizen:{person.id}", device, "login", "citizen card login", person.id)
    await db.commit()
    return {
        "session_token": token,
        "expires_at": expires,
        "kind": "citizen",
        "person": {"given_names": person.given_names, "surname": person.surname},
    }


@router.post("/staff/session", response_model=SessionOut, status_code=201, responses=ERRORS)
async def staff_session(body: StaffLogin, db: Db, device: CounterDevice, settings: Settings) -> dict[str, Any]:
    """Staff sign in at a counter terminal only; a kiosk credential can never act as staff."""
    if device.channel != "counter":
        raise forbidden()
    await hit(db, f"staff-login:{device.id}", settings.login_rate_per_minute)
    await hit(db, f"staff-login-user:{body.username.casefold()}", settings.login_rate_per_minute)
    staff = await db.scalar(select(StaffUser).where(StaffUser.username == body.username))
    valid = await check_password(staff.password_hash if staff else None, body.password)
    if staff is None or not valid or staff.disabled:
        raise unauthorized("problem.bad_credentials")
    token, expires = _open_session(db, device.id, settings, "staff", staff_id=staff.id)
    await record(db, f"staff:{staff.id}", device, "login", "staff login", None)
    await db.commit()
    return {"session_token": token, "expires_at": expires, "kind": "staff", "role": staff.role}


@router.post("/staff/card-session", response_model=SessionOut, status_code=201, responses=ERRORS)
async def staff_card_session(
    request: Request, body: CardLogin, db: Db, device: CounterDevice, settings: Settings
) -> dict[str, Any]:
    """A clerk signs in at a counter with their own card and PIN: the challenge of /citizen/challenge signed
    by the card, validated as a citizen's, then the card linked to a staff account (`kiosk portal link-card`)
    opens that account with its roles. A valid card linked to nobody is refused in plain words."""
    if device.channel != "counter":
        raise forbidden()
    holder = await _proven_holder(request, body, db, device, settings, "staff")
    staff = await staff_for_card(db, holder.serial_number, digest_key(settings.digest_key_file))
    if staff is None or staff.disabled:
        # Recorded without the holder: the card is valid, but it is no clerk's, so it names nobody here.
        await record(db, f"device:{device.id}", device, "login.refused", "staff card login: not linked", None)
        await db.commit()
        raise unauthorized("problem.staff_card_not_linked")
    token, expires = _open_session(db, device.id, settings, "staff", staff_id=staff.id)
    await record(db, f"staff:{staff.id}", device, "login", "staff card login", None)
    await db.commit()
    return {"session_token": token, "expires_at": expires, "kind": "staff", "role": staff.role}


@router.delete("/session", status_code=204, responses=ERRORS)
async def end_session(
    request: Request,
    db: Db,
    principal: TerminalPrincipal,
    x_session_token: Annotated[str | None, Header()] = None,
) -> Response:
    """Sign out: the token stops working at once (the kiosk calls this when the card is removed)."""
    if not x_session_token:
        raise unauthorized("problem.session_invalid")
    digest = token_digest(x_session_token.strip())
    row = await db.get(SessionToken, digest)
    if row is not None and row.device_id == principal.device.id:
        row.ended_at = utcnow()
        await db.commit()
        # A staff session other workers keep for the queue goes within DEVICE_CACHE_SECONDS (portal/deps.py).
        request.app.state.device_cache.forget_session(digest)
    return Response(status_code=204)
