"""A branch's day in figures, for closing the day at a counter: computed from what was recorded, never guessed.

* The day is the branch's local day (its time zone, Europe/Lisbon by default), from midnight to midnight
  there, as the queue numbers its tickets: the UTC hour before Lisbon's summer midnight is the next day.
* Tickets by category and outcome: the queue's tickets of that day by their status now (done, no_show, or
  still waiting, called, parked).
* Waiting time of a ticket = its first call - its arrival; serving time = done - its last call (the call at the
  desk that finished it), as portal/queue.py defines them, from the ticket events. A ticket not yet called has
  no waiting time, one not done no serving time; a no-show is an outcome, not a serving time.
* Median: the middle value (the mean of the two middle ones for an even count); p90: the nearest-rank 90th
  percentile (the smallest value with at least 90 % of the values at or below it). Seconds, rounded.
* Services done: the service recorded with each "done" at a desk, and the applications made that day.
* Fees by payment method: payments settled that day. Per clerk: tickets done, serving times, applications made
  on citizens' behalf, cash taken. Per desk: tickets done and serving times.
Applications and fees count every terminal of the portal; the queue's figures are the branch's.
"""

from __future__ import annotations

import datetime as dt
import math
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from portal.catalog_store import CatalogSnapshot
from portal.i18n import Language
from portal.models import Application, Payment, utcnow
from portal.models_queue import QueueCategoryRow, Ticket, TicketEvent
from portal.queue import branch_zone
from portal.staff import staff_names

OUTCOMES = ("done", "no_show", "waiting", "called", "parked")


def median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def p90(values: list[float]) -> float | None:
    """Nearest rank: the value at position ceil(0.9 n) of the sorted values."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[math.ceil(0.9 * len(ordered)) - 1]


def durations(values: list[float]) -> dict[str, Any]:
    def rounded(value: float | None) -> int | None:
        return None if value is None else round(value)

    return {
        "count": len(values),
        "median_seconds": rounded(median(values)),
        "p90_seconds": rounded(p90(values)),
    }


@dataclass
class TicketTimes:
    """One ticket's moments, read from its events in order."""

    category: str
    arrived: dt.datetime | None = None
    first_call: dt.datetime | None = None
    last_call: dt.datetime | None = None
    done: TicketEvent | None = None

    def waiting(self) -> float | None:
        if self.arrived is None or self.first_call is None:
            return None
        return (self.first_call - self.arrived).total_seconds()

    def serving(self) -> float | None:
        if self.done is None or self.last_call is None:
            return None
        return (self.done.at - self.last_call).total_seconds()


def ticket_times(events: Iterable[TicketEvent]) -> dict[str, TicketTimes]:
    """Events in the order they happened -> each ticket's arrival, calls and end."""
    tickets: dict[str, TicketTimes] = {}
    for event in events:
        times = tickets.setdefault(event.ticket_id, TicketTimes(event.category_code))
        times.category = event.category_code  # a transfer moves it: it counts where it ended, as its ticket
        if event.kind == "arrive":
            times.arrived = event.at
        elif event.kind == "call":
            times.first_call = times.first_call or event.at
            times.last_call = event.at
        elif event.kind == "done":
            times.done = event
    return tickets


@dataclass
class Group:
    """Serving figures of one clerk or desk."""

    done: int = 0
    serving: list[float] = field(default_factory=list)

    def add(self, times: TicketTimes) -> None:
        self.done += 1
        seconds = times.serving()
        if seconds is not None:
            self.serving.append(seconds)


def local_day_bounds(day: dt.date, zone: dt.tzinfo) -> tuple[dt.datetime, dt.datetime]:
    """The UTC moments of the day's local midnights: 23, 24 or 25 hours apart around a clock change."""
    start = dt.datetime.combine(day, dt.time(), tzinfo=zone)
    end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), tzinfo=zone)
    return start.astimezone(dt.UTC), end.astimezone(dt.UTC)


async def day_stats(
    db: AsyncSession, snapshot: CatalogSnapshot, branch: str, day: dt.date | None, language: Language
) -> dict[str, Any]:
    """The figures of one local day of the branch (today there when ``day`` is None)."""
    zone = await branch_zone(db, branch)
    day = day or utcnow().astimezone(zone).date()
    start, end = local_day_bounds(day, zone)
    names = {
        row.code: str(row.name.get(language) or row.name.get("pt") or row.code)
        for row in await db.scalars(
            select(QueueCategoryRow)
            .where(QueueCategoryRow.branch_code == branch)
            .order_by(QueueCategoryRow.position)
        )
    }
    outcome_rows = await db.execute(
        select(Ticket.category_code, Ticket.status, func.count())
        .where(Ticket.branch_code == branch, Ticket.day == day.isoformat())
        .group_by(Ticket.category_code, Ticket.status)
    )
    outcomes: dict[str, Counter[str]] = defaultdict(Counter)
    for category, status, count in outcome_rows.tuples():
        outcomes[category][status] += int(count)
    events = await db.scalars(
        select(TicketEvent)
        .join(Ticket, Ticket.id == TicketEvent.ticket_id)
        .where(Ticket.branch_code == branch, Ticket.day == day.isoformat())
        .order_by(TicketEvent.at, TicketEvent.id)
    )
    times = ticket_times(events)

    by_category: dict[str, tuple[list[float], list[float]]] = defaultdict(lambda: ([], []))
    clerks: dict[str, Group] = defaultdict(Group)
    desks: dict[str, Group] = defaultdict(Group)
    services_done: Counter[str] = Counter()
    for ticket in times.values():
        waits, serves = by_category[ticket.category]
        if (waiting := ticket.waiting()) is not None:
            waits.append(waiting)
        if (serving := ticket.serving()) is not None:
            serves.append(serving)
        if ticket.done is not None:
            clerks[ticket.done.staff_id or ""].add(ticket)
            desks[ticket.done.desk_code or ""].add(ticket)
            if ticket.done.service:
                services_done[ticket.done.service] += 1

    categories = []
    for code in [*names, *sorted(set(outcomes) - set(names))]:
        counts = outcomes.get(code, Counter())
        waits, serves = by_category.get(code, ([], []))
        categories.append(
            {
                "category": code,
                "name": names.get(code, code),
                "issued": sum(counts.values()),
                "outcomes": {outcome: counts.get(outcome, 0) for outcome in OUTCOMES},
                "waiting": durations(waits),
                "serving": durations(serves),
            }
        )
    all_waits = [value for waits, _ in by_category.values() for value in waits]
    all_serves = [value for _, serves in by_category.values() for value in serves]

    applications = Counter(
        {
            code: int(count)
            for code, count in (
                await db.execute(
                    select(Application.service_code, func.count())
                    .where(Application.created_at >= start, Application.created_at < end)
                    .group_by(Application.service_code)
                )
            ).tuples()
        }
    )
    on_behalf = Counter(
        {
            str(staff): int(count)
            for staff, count in (
                await db.execute(
                    select(Application.staff_id, func.count())
                    .where(
                        Application.created_at >= start,
                        Application.created_at < end,
                        Application.staff_id.is_not(None),
                    )
                    .group_by(Application.staff_id)
                )
            ).tuples()
        }
    )
    fee_rows = (
        await db.execute(
            select(Payment.method, Payment.settled_by, func.count(), func.sum(Payment.amount_cents))
            .where(Payment.status == "paid", Payment.settled_at >= start, Payment.settled_at < end)
            .group_by(Payment.method, Payment.settled_by)
        )
    ).tuples()
    fees: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    cash_by_clerk: Counter[str] = Counter()
    for method, actor, count, amount in fee_rows:
        fees[method or "unknown"][0] += int(count)
        fees[method or "unknown"][1] += int(amount or 0)
        if method == "cash" and actor and actor.startswith("staff:"):
            cash_by_clerk[actor.removeprefix("staff:")] += int(amount or 0)

    staff_ids = {staff for staff in [*clerks, *on_behalf, *cash_by_clerk] if staff}
    clerk_names = await staff_names(db, staff_ids)
    await db.rollback()

    def service_name(code: str) -> str:
        service = snapshot.services.get(code)
        return service.name.in_(language) if service else code

    return {
        "date": day,
        "branch": branch,
        "tickets": {
            "issued": sum(row["issued"] for row in categories),
            "by_category": categories,
            "waiting": durations(all_waits),
            "serving": durations(all_serves),
        },
        "services": [
            {
                "service_code": code,
                "name": service_name(code),
                "done_at_desks": services_done.get(code, 0),
                "applications": applications.get(code, 0),
            }
            for code in sorted(set(services_done) | set(applications))
        ],
        "fees": [
            {"method": method, "payments": count, "amount_cents": amount}
            for method, (count, amount) in sorted(fees.items())
        ],
        "fees_total_cents": sum(amount for _, amount in fees.values()),
        "clerks": [
            {
                "staff_id": staff,
                "name": clerk_names.get(staff, staff),
                "tickets_done": clerks[staff].done if staff in clerks else 0,
                "serving": durations(clerks[staff].serving if staff in clerks else []),
                "applications": on_behalf.get(staff, 0),
                "cash_cents": cash_by_clerk.get(staff, 0),
            }
            for staff in sorted(staff_ids, key=lambda staff: (clerk_names.get(staff, staff), staff))
        ],
        "desks": [
            {"desk": desk, "tickets_done": group.done, "serving": durations(group.serving)}
            for desk, group in sorted(desks.items())
            if desk
        ],
    }
