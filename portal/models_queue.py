"""Tables of the branch queue (portal/queue.py and the queue_* modules beside it) and of the appointment book
(portal/appointments.py): branches, their lines (ticket categories), desks, tickets and what happened to them,
calls for help, appointments. The portal's other tables are in portal/models.py, which imports this module so
that Base.metadata (Alembic, the migration tests) always holds every table."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from portal.models import Base, utcnow

WAITING, CALLED, PARKED, DONE, NO_SHOW = "waiting", "called", "parked", "done", "no_show"
"""A ticket's status (Ticket.status)."""


# --- the queue: branches, lines, desks, tickets and what happened to them -------------------------------------


class Branch(Base):
    """A service point (a Loja do Cidadão) with its own queue."""

    __tablename__ = "queue_branches"

    code: Mapped[str] = mapped_column(String(20), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    timezone: Mapped[str] = mapped_column(String(60), default="Europe/Lisbon", server_default="Europe/Lisbon")
    """IANA zone of the branch: its queue day (numbers, statistics, appointments) starts at midnight there."""


class QueueCategoryRow(Base):
    """A line of the queue: its ticket prefix, its name, and whether it is served before the others."""

    __tablename__ = "queue_categories"

    branch_code: Mapped[str] = mapped_column(ForeignKey("queue_branches.code"), primary_key=True)
    code: Mapped[str] = mapped_column(String(10), primary_key=True)
    prefix: Mapped[str] = mapped_column(String(2))
    name: Mapped[dict[str, Any]]
    """{"pt": ..., "en": ...}"""
    priority: Mapped[bool] = mapped_column(default=False)
    position: Mapped[int] = mapped_column(Integer, default=0)


class DeviceBranch(Base):
    """The branch a kiosk, counter or display belongs to; a device without a row is in the default branch."""

    __tablename__ = "device_branches"

    device_id: Mapped[str] = mapped_column(ForeignKey("devices.id"), primary_key=True)
    branch_code: Mapped[str] = mapped_column(ForeignKey("queue_branches.code"))


class Desk(Base):
    __tablename__ = "queue_desks"

    branch_code: Mapped[str] = mapped_column(ForeignKey("queue_branches.code"), primary_key=True)
    code: Mapped[str] = mapped_column(String(10), primary_key=True)
    categories: Mapped[list[Any]]
    """The category codes this desk calls by default (all of the branch's when empty)."""


def _issuing_category(context: Any) -> Any:
    """A ticket written without issued_category was issued by the category it waits in."""
    return context.get_current_parameters()["category_code"]


class Ticket(Base):
    __tablename__ = "queue_tickets"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    branch_code: Mapped[str] = mapped_column(ForeignKey("queue_branches.code"))
    category_code: Mapped[str] = mapped_column(String(10))
    """The category it waits in now: a transfer changes it, its number stays."""
    issued_category: Mapped[str] = mapped_column(String(10), default=_issuing_category)
    """The category that gave it its number: the number is unique within it, whatever transfers follow."""
    day: Mapped[str] = mapped_column(String(10))
    """The branch's local date the ticket was issued: numbers start again at 1 every day."""
    sequence: Mapped[int] = mapped_column(Integer)
    number: Mapped[str] = mapped_column(String(12))
    status: Mapped[str] = mapped_column(String(12))
    """WAITING, CALLED, PARKED, DONE or NO_SHOW (above)."""
    priority: Mapped[bool] = mapped_column(default=False)
    desk_code: Mapped[str | None] = mapped_column(String(10), default=None)
    """While called or parked: the desk serving it. While waiting: a desk it was transferred to, if any."""
    staff_id: Mapped[str | None] = mapped_column(String(40), default=None)
    appointment: Mapped[str | None] = mapped_column(String(40), default=None)
    issued_by: Mapped[str] = mapped_column(String(40))
    """The device that issued it (a kiosk, or a counter for a walk-in)."""
    request_key: Mapped[str | None] = mapped_column(String(64), default=None, unique=True)
    """SHA-256 of the issuing device and its Idempotency-Key: a retry finds this ticket again."""
    arrived_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    called_at: Mapped[dt.datetime | None] = mapped_column(default=None)
    ended_at: Mapped[dt.datetime | None] = mapped_column(default=None)
    due_at: Mapped[dt.datetime | None] = mapped_column(default=None)
    """An appointment's start time: from then on it is called before walk-ins (portal/queue_calling.py)."""

    __table_args__ = (
        Index(
            "ix_queue_tickets_issued_number", "branch_code", "issued_category", "day", "sequence", unique=True
        ),
        # Call-next walks these in order and stops at the first ticket it can claim (portal/queue_calling.py).
        Index("ix_queue_tickets_waiting", "branch_code", "status", "priority", "arrived_at", "id"),
        Index("ix_queue_tickets_desk", "branch_code", "desk_code", "status"),
        Index("ix_queue_tickets_due", "branch_code", "status", "due_at"),
    )


class TicketEvent(Base):
    """Everything that happened to a ticket: times are computed from these, never guessed."""

    __tablename__ = "queue_ticket_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    ticket_id: Mapped[str] = mapped_column(ForeignKey("queue_tickets.id"), index=True)
    branch_code: Mapped[str] = mapped_column(String(20), index=True)
    kind: Mapped[str] = mapped_column(String(12))
    """arrive, call, recall, no_show, park, transfer or done."""
    category_code: Mapped[str] = mapped_column(String(10))
    desk_code: Mapped[str | None] = mapped_column(String(10), default=None)
    staff_id: Mapped[str | None] = mapped_column(String(40), default=None)
    service: Mapped[str | None] = mapped_column(String(60), default=None)
    at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)


class HelpRequest(Base):
    """'Call a clerk' from a kiosk: the kiosk's name and the screen, never anything about the person."""

    __tablename__ = "queue_help_requests"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    branch_code: Mapped[str] = mapped_column(String(20), index=True)
    device_id: Mapped[str] = mapped_column(ForeignKey("devices.id"))
    kiosk: Mapped[str] = mapped_column(String(120))
    screen: Mapped[str] = mapped_column(String(60))
    status: Mapped[str] = mapped_column(String(12))
    """open, acknowledged or closed."""
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    acknowledged_at: Mapped[dt.datetime | None] = mapped_column(default=None)
    acknowledged_by: Mapped[str | None] = mapped_column(String(40), default=None)
    closed_at: Mapped[dt.datetime | None] = mapped_column(default=None)
    closed_by: Mapped[str | None] = mapped_column(String(40), default=None)


# --- the appointment book (portal/appointments.py) ------------------------------------------------------------


class Appointment(Base):
    """A booked time at a branch: checked in at arrival, it becomes a ticket of its category.

    Nothing here names the person: the booking code is kept as a digest, and the holder as a keyed digest of
    the civil id from their document number (portal/appointments.py holder_ref), so a card read can find it.
    """

    __tablename__ = "appointments"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    branch_code: Mapped[str] = mapped_column(ForeignKey("queue_branches.code"))
    category_code: Mapped[str] = mapped_column(String(10))
    """The queue category its ticket joins."""
    service_code: Mapped[str | None] = mapped_column(String(60), default=None)
    starts_at: Mapped[dt.datetime]
    day: Mapped[str] = mapped_column(String(10))
    """The branch's local date of starts_at: the day's book is read by it."""
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    """SHA-256 of the normalised booking code (portal/security.code_digest); the code itself is never kept."""
    holder_ref: Mapped[str | None] = mapped_column(String(64), default=None)
    state: Mapped[str] = mapped_column(String(12))
    """booked, checked_in, cancelled or missed."""
    ticket_id: Mapped[str | None] = mapped_column(ForeignKey("queue_tickets.id"), default=None, unique=True)
    booked_by: Mapped[str | None] = mapped_column(String(40), default=None)
    """The staff member who booked it."""
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    checked_in_at: Mapped[dt.datetime | None] = mapped_column(default=None)
    cancelled_at: Mapped[dt.datetime | None] = mapped_column(default=None)

    __table_args__ = (
        Index("ix_appointments_day", "branch_code", "day", "starts_at"),
        Index("ix_appointments_holder", "branch_code", "holder_ref", "day"),
    )
