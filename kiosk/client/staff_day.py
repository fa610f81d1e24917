"""What the staff routes answer about a day at the branch: tickets, waiting and serving times, services, fees,
clerks and desks (GET /v1/staff/day-stats), for the counter's close of the day (kiosk/counter/day.py).

Read by :class:`kiosk.client.staff.StaffClient`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Durations:
    count: int
    median_seconds: int | None
    p90_seconds: int | None

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> Durations:
        data = data or {}
        return cls(int(data.get("count") or 0), data.get("median_seconds"), data.get("p90_seconds"))


@dataclass(frozen=True)
class CategoryStats:
    category: str
    name: str
    issued: int
    outcomes: dict[str, int]
    waiting: Durations
    serving: Durations


@dataclass(frozen=True)
class ServiceStats:
    service_code: str
    name: str
    done_at_desks: int
    applications: int


@dataclass(frozen=True)
class FeeStats:
    method: str
    payments: int
    amount_cents: int


@dataclass(frozen=True)
class ClerkStats:
    staff_id: str
    name: str
    tickets_done: int
    serving: Durations
    applications: int
    cash_cents: int


@dataclass(frozen=True)
class DeskStats:
    desk: str
    tickets_done: int
    serving: Durations


@dataclass(frozen=True)
class DayStats:
    date: str
    branch: str
    tickets_issued: int
    waiting: Durations
    serving: Durations
    categories: tuple[CategoryStats, ...]
    services: tuple[ServiceStats, ...]
    fees: tuple[FeeStats, ...]
    fees_total_cents: int
    clerks: tuple[ClerkStats, ...]
    desks: tuple[DeskStats, ...]

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> DayStats:
        tickets = data.get("tickets") or {}
        return cls(
            date=str(data.get("date") or ""),
            branch=str(data.get("branch") or ""),
            tickets_issued=int(tickets.get("issued") or 0),
            waiting=Durations.from_json(tickets.get("waiting")),
            serving=Durations.from_json(tickets.get("serving")),
            categories=tuple(
                CategoryStats(
                    category=str(row["category"]),
                    name=str(row.get("name") or row["category"]),
                    issued=int(row.get("issued") or 0),
                    outcomes={str(key): int(value) for key, value in (row.get("outcomes") or {}).items()},
                    waiting=Durations.from_json(row.get("waiting")),
                    serving=Durations.from_json(row.get("serving")),
                )
                for row in tickets.get("by_category") or ()
            ),
            services=tuple(
                ServiceStats(
                    str(row["service_code"]),
                    str(row.get("name") or row["service_code"]),
                    int(row.get("done_at_desks") or 0),
                    int(row.get("applications") or 0),
                )
                for row in data.get("services") or ()
            ),
            fees=tuple(
                FeeStats(str(row["method"]), int(row.get("payments") or 0), int(row.get("amount_cents") or 0))
                for row in data.get("fees") or ()
            ),
            fees_total_cents=int(data.get("fees_total_cents") or 0),
            clerks=tuple(
                ClerkStats(
                    staff_id=str(row["staff_id"]),
                    name=str(row.get("name") or row["staff_id"]),
                    tickets_done=int(row.get("tickets_done") or 0),
                    serving=Durations.from_json(row.get("serving")),
                    applications=int(row.get("applications") or 0),
                    cash_cents=int(row.get("cash_cents") or 0),
                )
                for row in data.get("clerks") or ()
            ),
            desks=tuple(
                DeskStats(
                    str(row["desk"]), int(row.get("tickets_done") or 0), Durations.from_json(row.get("serving"))
                )
                for row in data.get("desks") or ()
            ),
        )
