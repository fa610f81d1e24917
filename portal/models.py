"""Database tables of the reference portal (SQLAlchemy 2, portable between SQLite and PostgreSQL).

The branch queue's and the appointment book's tables are in portal/models_queue.py."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Index, Integer, String, Text, TypeDecorator
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class UTCDateTime(TypeDecorator[dt.datetime]):
    """Timezone-aware UTC datetimes on every backend (SQLite drops the zone on the way back)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not stored; use UTC")
        return value.astimezone(dt.UTC)

    def process_result_value(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


class Base(DeclarativeBase):
    type_annotation_map = {dt.datetime: UTCDateTime, dict[str, Any]: JSON, list[Any]: JSON}


class TaxonRow(Base):
    """A life event, theme or user group; kind tells which."""

    __tablename__ = "taxa"

    kind: Mapped[str] = mapped_column(String(20), primary_key=True)
    code: Mapped[str] = mapped_column(String(60), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    definition: Mapped[dict[str, Any]]


class ServiceRow(Base):
    __tablename__ = "services"

    code: Mapped[str] = mapped_column(String(60), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    definition: Mapped[dict[str, Any]]
    """The whole ServiceDefinition as JSON: the catalog is read far more often than it is edited."""
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class Device(Base):
    __tablename__ = "devices"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(20))
    """kiosk or counter: the channel recorded with every request from it."""
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(default=None)


class Person(Base):
    __tablename__ = "people"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    civil_id: Mapped[str] = mapped_column(String(40), unique=True)
    """Civil identification number (PT) or national number (BE), as in the card's certificate serialNumber."""
    given_names: Mapped[str] = mapped_column(String(200))
    surname: Mapped[str] = mapped_column(String(200))
    tax_id: Mapped[str | None] = mapped_column(String(20), default=None)
    birth_date: Mapped[str | None] = mapped_column(String(10), default=None)
    address: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)


class StaffUser(Base):
    __tablename__ = "staff"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    disabled: Mapped[bool] = mapped_column(default=False)


class SessionToken(Base):
    """A short-lived token bound to one person (citizen or staff) and one device."""

    __tablename__ = "sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    subject_kind: Mapped[str] = mapped_column(String(20))
    person_id: Mapped[str | None] = mapped_column(ForeignKey("people.id"), default=None)
    staff_id: Mapped[str | None] = mapped_column(ForeignKey("staff.id"), default=None)
    device_id: Mapped[str] = mapped_column(ForeignKey("devices.id"))
    expires_at: Mapped[dt.datetime]
    ended_at: Mapped[dt.datetime | None] = mapped_column(default=None)


class LoginChallenge(Base):
    __tablename__ = "login_challenges"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    device_id: Mapped[str] = mapped_column(ForeignKey("devices.id"))
    nonce: Mapped[str] = mapped_column(String(100))
    expires_at: Mapped[dt.datetime]
    used_at: Mapped[dt.datetime | None] = mapped_column(default=None)


class Application(Base):
    __tablename__ = "applications"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    reference: Mapped[str] = mapped_column(String(40), unique=True)
    service_code: Mapped[str] = mapped_column(ForeignKey("services.code"))
    person_id: Mapped[str | None] = mapped_column(ForeignKey("people.id"), default=None, index=True)
    device_id: Mapped[str] = mapped_column(ForeignKey("devices.id"))
    channel: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(30))
    answers: Mapped[dict[str, Any]]
    language: Mapped[str] = mapped_column(String(2))
    confirmation_code_hash: Mapped[str | None] = mapped_column(String(64), default=None)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    staff_id: Mapped[str | None] = mapped_column(String(40), default=None, index=True)
    """The clerk signed in at the counter it was made at (on a citizen's behalf); None from a kiosk."""
    confirmation_tries: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    """Wrong confirmation codes typed so far (change of address); at the limit the letter's code is spent."""


class ApplicationEvent(Base):
    __tablename__ = "application_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    application_id: Mapped[str] = mapped_column(ForeignKey("applications.id"), index=True)
    status: Mapped[str] = mapped_column(String(30))
    note: Mapped[str] = mapped_column(Text, default="")
    actor: Mapped[str] = mapped_column(String(80))
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class IdempotencyRecord(Base):
    """The answer given to one Idempotency-Key of one device, replayed on a retry (applications.AnswerSeal).

    Nothing in it is readable without the request's credential and key: the key is stored as its SHA-256,
    the request as an HMAC, the answer encrypted. Removed after 7 days by the housekeeping task."""

    __tablename__ = "idempotency_records"

    device_id: Mapped[str] = mapped_column(ForeignKey("devices.id"), primary_key=True)
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    """SHA-256 (hex) of the Idempotency-Key."""
    request_hash: Mapped[str] = mapped_column(String(64))
    status_code: Mapped[int] = mapped_column(Integer)
    sealed_response: Mapped[str] = mapped_column(Text)
    """base64 of nonce + AES-256-GCM ciphertext of the JSON answer."""
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)


class Document(Base):
    __tablename__ = "documents"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    application_id: Mapped[str] = mapped_column(ForeignKey("applications.id"), index=True)
    person_id: Mapped[str | None] = mapped_column(ForeignKey("people.id"), default=None)
    type: Mapped[str] = mapped_column(String(60))
    title: Mapped[dict[str, Any]]
    holder: Mapped[str] = mapped_column(String(200))
    fields: Mapped[dict[str, Any]]
    access_code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    seal: Mapped[str | None] = mapped_column(Text, default=None)
    issued_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[dt.datetime]
    revoked_at: Mapped[dt.datetime | None] = mapped_column(default=None)


class Payment(Base):
    __tablename__ = "payments"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    application_id: Mapped[str] = mapped_column(ForeignKey("applications.id"), index=True)
    entity: Mapped[str] = mapped_column(String(5))
    reference: Mapped[str] = mapped_column(String(9))
    amount_cents: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20))
    method: Mapped[str | None] = mapped_column(String(20), default=None)
    settled_at: Mapped[dt.datetime | None] = mapped_column(default=None)
    settled_by: Mapped[str | None] = mapped_column(String(40), default=None)
    tendered_cents: Mapped[int | None] = mapped_column(Integer, default=None)
    """Cash handed over at the counter (portal/payments.py); the change is tendered minus the amount."""

    __table_args__ = (Index("ix_payments_entity_reference", "entity", "reference", unique=True),)


class AuditEvent(Base):
    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(80))
    """citizen:<person id>, staff:<staff id> or device:<device id>."""
    channel: Mapped[str] = mapped_column(String(20))
    device_id: Mapped[str | None] = mapped_column(String(40), default=None)
    action: Mapped[str] = mapped_column(String(40))
    purpose: Mapped[str] = mapped_column(String(120))
    subject_person_id: Mapped[str | None] = mapped_column(String(40), default=None, index=True)
    object_ref: Mapped[str | None] = mapped_column(String(80), default=None)
    staff_id: Mapped[str | None] = mapped_column(String(40), default=None)
    """At a counter: the clerk signed in there, also when the actor is the citizen being served."""


class RateCounter(Base):
    """Attempts per key and minute, in the database so every worker sees the same count."""

    __tablename__ = "rate_counters"

    key: Mapped[str] = mapped_column(String(120), primary_key=True)
    window: Mapped[int] = mapped_column(Integer, primary_key=True)
    count: Mapped[int] = mapped_column(Integer, default=0)


class Company(Base):
    """A company registered on the spot; its permanent certificate is read by NIPC and access code."""

    __tablename__ = "companies"

    nipc: Mapped[str] = mapped_column(String(9), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    legal_form: Mapped[str] = mapped_column(String(20))
    share_capital: Mapped[str] = mapped_column(String(20))
    activity_code: Mapped[str] = mapped_column(String(5))
    registered_office: Mapped[dict[str, Any]]
    partner_nifs: Mapped[list[Any]]
    certificate_code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    registered_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    # Who registered it on the spot (the applicant: a partner, or the partners' representative), who may ask
    # for a new certificate code like a partner; None for a company registered elsewhere.
    registered_by: Mapped[str | None] = mapped_column(ForeignKey("people.id"), default=None)


class SealKey(Base):
    """An ES256 key that signs document seals; published in the trust list from not_before to expires."""

    __tablename__ = "seal_keys"

    kid: Mapped[str] = mapped_column(String(16), primary_key=True)
    """base64url of the 8-byte key id."""
    private_key_pem: Mapped[str] = mapped_column(Text)
    not_before: Mapped[dt.datetime]
    expires_at: Mapped[dt.datetime]
    retired_at: Mapped[dt.datetime | None] = mapped_column(default=None)
    """Set when a newer key takes over signing; the key stays published until it expires."""


class Letter(Base):
    """Post to send (the confirmation code of a change of address); printed by `kiosk portal letters`."""

    __tablename__ = "letters"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    application_id: Mapped[str] = mapped_column(ForeignKey("applications.id"), index=True)
    address: Mapped[dict[str, Any]]
    code: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[dt.datetime | None] = mapped_column(default=None)


class FirmNameReservation(Base):
    """A pre-approved firm name taken by one company-on-the-spot application: never offered again."""

    __tablename__ = "firm_name_reservations"

    value: Mapped[str] = mapped_column(String(60), primary_key=True)
    """The name's option value in the service definition (portal/content/services_business.py)."""
    application_id: Mapped[str] = mapped_column(ForeignKey("applications.id"))
    reserved_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class PaymentGroup(Base):
    """One Multibanco reference for the fees of several applications (a life-event bundle): paid once, it
    settles every member (portal/payment_groups.py)."""

    __tablename__ = "payment_groups"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    device_id: Mapped[str] = mapped_column(ForeignKey("devices.id"))
    entity: Mapped[str] = mapped_column(String(5))
    reference: Mapped[str] = mapped_column(String(9))
    amount_cents: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20))
    """pending or paid."""
    method: Mapped[str | None] = mapped_column(String(20), default=None)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    settled_at: Mapped[dt.datetime | None] = mapped_column(default=None)
    settled_by: Mapped[str | None] = mapped_column(String(40), default=None)
    tendered_cents: Mapped[int | None] = mapped_column(Integer, default=None)
    """Cash handed over for the whole group at a counter (portal/staff_groups.py); the change is tendered minus
    the amount. Its members' payments keep none: the drawer counts the group once."""

    __table_args__ = (Index("ix_payment_groups_entity_reference", "entity", "reference", unique=True),)


class PaymentGroupMember(Base):
    """A payment covered by a group; its key is the payment, so no payment is ever in two groups."""

    __tablename__ = "payment_group_members"

    payment_id: Mapped[str] = mapped_column(ForeignKey("payments.id"), primary_key=True)
    group_id: Mapped[str] = mapped_column(ForeignKey("payment_groups.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    """The order the references were given in, kept for the receipt and the answer."""


class StaffCard(Base):
    """A clerk's own citizen card, linked to their staff account so they sign in at a counter with card and PIN.

    Only a digest of the certificate subject's serial number (the civil id) is kept, never the number itself
    (portal/staff_cards.py); a card opens one account at most.
    """

    __tablename__ = "staff_cards"

    card_digest: Mapped[str] = mapped_column(String(64), primary_key=True)
    staff_id: Mapped[str] = mapped_column(ForeignKey("staff.id"), index=True)
    linked_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    linked_by: Mapped[str] = mapped_column(String(80))
    """Who linked it: the supervisor's user name, or "cli" / "demo"."""


# The queue's and the appointment book's tables (portal/models_queue.py) join Base.metadata here, so whoever
# reads it (Alembic's env, the migration tests) sees every table; last, as that module imports Base from this.
import portal.models_queue  # noqa: E402, F401
