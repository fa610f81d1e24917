"""The offline outbox: submissions that could not reach the portal wait here, on disk, until it returns; so do
the reports of card reads for the portal's audit trail (table card_reads), until the portal has recorded them.

Exactly once: each entry keeps the Idempotency-Key and the exact body bytes it was first sent with, and the
portal answers a repeated key with its first answer. So a kiosk that crashes between "the portal accepted" and
"marked delivered" re-sends on restart and gets the same reference back, never a second application.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

_SCHEMA = """
CREATE TABLE IF NOT EXISTS outbox (
    idempotency_key TEXT PRIMARY KEY,
    service_code    TEXT NOT NULL,
    body            BLOB NOT NULL,
    language        TEXT NOT NULL,
    citizen_token   TEXT,
    created_at      REAL NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    state           TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'rejected')),
    reference       TEXT,
    problem         TEXT,
    updated_at      REAL NOT NULL
)
"""

_CARD_READS_SCHEMA = """
CREATE TABLE IF NOT EXISTS card_reads (
    idempotency_key TEXT PRIMARY KEY,
    body            BLOB NOT NULL,
    citizen_token   TEXT,
    created_at      REAL NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    state           TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'rejected')),
    problem         TEXT,
    updated_at      REAL NOT NULL
)
"""
"""Card reads waiting to be reported to the portal's audit trail (removed once the portal recorded them)."""

_SELECT_ALL = """SELECT idempotency_key, service_code, body, language, citizen_token, created_at, attempts,
    state, reference, problem FROM outbox"""
_SELECT_ONE = _SELECT_ALL + " WHERE idempotency_key = ?"
_SELECT_PENDING = _SELECT_ALL + " WHERE state = 'pending' ORDER BY created_at"


@dataclass(frozen=True)
class OutboxEntry:
    idempotency_key: str
    service_code: str
    body: bytes
    language: str
    citizen_token: str | None
    created_at: float
    attempts: int
    state: str
    reference: str | None
    problem: str | None

    @property
    def answers(self) -> dict[str, object]:
        answers: dict[str, object] = json.loads(self.body)["answers"]
        return answers


@dataclass(frozen=True)
class CardReadEntry:
    """A card read to report: the body holds what kinds of data were read and when, nothing of the data."""

    idempotency_key: str
    body: bytes
    citizen_token: str | None
    created_at: float
    attempts: int
    state: str
    problem: str | None


def encode_body(
    service_code: str, answers: Mapping[str, object], representing: Mapping[str, str] | None = None
) -> bytes:
    """The canonical request body: the same answers always give the same bytes, so a re-send matches.

    The channel and the device are not in the body: the portal takes them from the device credential.
    ``representing`` (a counter's "acting for a minor or a company") is in it only when given.
    """
    body: dict[str, object] = {"service_code": service_code, "answers": dict(answers)}
    if representing:
        body["representing"] = dict(representing)
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def encode_card_read(what: Sequence[str], read_at: dt.datetime) -> bytes:
    """The body of a card read report (POST /v1/audit/card-reads), the same bytes on every re-send."""
    body = {"what": list(what), "read_at": read_at.astimezone(dt.UTC).isoformat()}
    return json.dumps(body, sort_keys=True, separators=(",", ":")).encode()


class Outbox:
    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as db:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute(_SCHEMA)
            db.execute(_CARD_READS_SCHEMA)

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        db = sqlite3.connect(self.path, timeout=10, isolation_level=None)
        try:
            db.execute("PRAGMA synchronous=FULL")  # a queued submission must survive a power cut
            yield db
        finally:
            db.close()

    def put(
        self,
        idempotency_key: str,
        service_code: str,
        body: bytes,
        language: str,
        citizen_token: str | None = None,
    ) -> OutboxEntry:
        """Store a submission durably; storing the same key again keeps the first one."""
        now = time.time()
        with self._connect() as db:
            db.execute(
                "INSERT OR IGNORE INTO outbox (idempotency_key, service_code, body, language, citizen_token,"
                " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (idempotency_key, service_code, body, language, citizen_token, now, now),
            )
        entry = self.get(idempotency_key)
        assert entry is not None
        return entry

    def get(self, idempotency_key: str) -> OutboxEntry | None:
        with self._connect() as db:
            row = db.execute(_SELECT_ONE, (idempotency_key,)).fetchone()
        return OutboxEntry(*row) if row else None

    def pending(self) -> list[OutboxEntry]:
        """Entries still to deliver, oldest first."""
        with self._connect() as db:
            rows = db.execute(_SELECT_PENDING).fetchall()
        return [OutboxEntry(*row) for row in rows]

    def counts(self) -> dict[str, int]:
        with self._connect() as db:
            rows = db.execute("SELECT state, COUNT(*) FROM outbox GROUP BY state").fetchall()
        return {"pending": 0, "delivered": 0, "rejected": 0} | {state: count for state, count in rows}

    def record_attempt(self, idempotency_key: str) -> None:
        self._update(idempotency_key, "attempts = attempts + 1")

    def mark_delivered(self, idempotency_key: str, reference: str) -> None:
        # The citizen token is only needed to deliver; once delivered it is dropped from the disk.
        self._update(idempotency_key, "state = 'delivered', reference = ?, citizen_token = NULL", reference)

    def mark_rejected(self, idempotency_key: str, problem: str) -> None:
        """The portal refused it (e.g. a validation rule changed): kept for a clerk, never re-sent."""
        self._update(idempotency_key, "state = 'rejected', problem = ?, citizen_token = NULL", problem)

    # --- card reads to report to the portal's audit trail ----------------------------------------------------

    def put_card_read(self, idempotency_key: str, body: bytes, citizen_token: str | None = None) -> None:
        """Keep a card read durably until the portal has recorded it; the same key again keeps the first."""
        now = time.time()
        with self._connect() as db:
            db.execute(
                "INSERT OR IGNORE INTO card_reads"
                " (idempotency_key, body, citizen_token, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
                (idempotency_key, body, citizen_token, now, now),
            )

    def pending_card_reads(self) -> list[CardReadEntry]:
        """Card reads still to report, oldest first."""
        with self._connect() as db:
            rows = db.execute(
                "SELECT idempotency_key, body, citizen_token, created_at, attempts, state, problem"
                " FROM card_reads WHERE state = 'pending' ORDER BY created_at"
            ).fetchall()
        return [CardReadEntry(*row) for row in rows]

    def card_read_counts(self) -> dict[str, int]:
        with self._connect() as db:
            rows = db.execute("SELECT state, COUNT(*) FROM card_reads GROUP BY state").fetchall()
        return {"pending": 0, "rejected": 0} | {state: count for state, count in rows}

    def record_card_read_attempt(self, idempotency_key: str) -> None:
        with self._connect() as db:
            db.execute(
                "UPDATE card_reads SET attempts = attempts + 1, updated_at = ? WHERE idempotency_key = ?",
                (time.time(), idempotency_key),
            )

    def card_read_recorded(self, idempotency_key: str) -> None:
        """The portal recorded it: nothing of it stays on the kiosk (a late re-send would be recorded once)."""
        with self._connect() as db:
            db.execute("DELETE FROM card_reads WHERE idempotency_key = ?", (idempotency_key,))

    def card_read_rejected(self, idempotency_key: str, problem: str) -> None:
        """The portal refused it (e.g. older than its retry window): kept for the operator, never re-sent."""
        with self._connect() as db:
            db.execute(
                "UPDATE card_reads SET state = 'rejected', problem = ?, citizen_token = NULL, updated_at = ?"
                " WHERE idempotency_key = ?",
                (problem, time.time(), idempotency_key),
            )

    def _update(self, idempotency_key: str, assignments: str, *values: object) -> None:
        with self._connect() as db:
            db.execute(
                f"UPDATE outbox SET {assignments}, updated_at = ? WHERE idempotency_key = ?",  # noqa: S608 - fixed SQL
                (*values, time.time(), idempotency_key),
            )
