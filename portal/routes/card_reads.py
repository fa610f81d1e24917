"""A terminal's report that it read personal data from a citizen card, so the read is in the audit trail.

The kiosk and the counter read the card locally (the name and photo on the welcome page, the address for a
change of address): the portal would never hear of those reads. Each read is reported here and recorded as
one audit event, once per Idempotency-Key, with the device, what was read and when, and nothing the card
holds: the report carries no name, number or certificate, only the kinds of data read. When a citizen is
signed in on the terminal, the event names them through their session (the portal's internal person id).
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Header, Request
from fastapi.responses import JSONResponse
from pydantic import AwareDatetime, BaseModel, Field, field_validator

from portal.applications import IDEMPOTENCY_KEY, AnswerSeal, commit_with_kept_answer, replay_kept_answer
from portal.audit import record
from portal.deps import Db, TerminalPrincipal, presented_credential
from portal.forms import FieldError
from portal.i18n import MESSAGES, Language
from portal.models import utcnow
from portal.problems import Problem
from portal.schemas import ProblemOut, Strict
from portal.seed import IDEMPOTENCY_RETENTION

router = APIRouter(prefix="/v1/audit", tags=["audit"])
ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ProblemOut} for code in (400, 401, 403, 409, 413, 415, 422, 429)
}

CardData = Literal["identity", "photo", "address"]
CARD_DATA: tuple[CardData, ...] = ("identity", "photo", "address")
CLOCK_SKEW = dt.timedelta(minutes=5)
"""How far ahead of the portal's clock a terminal's clock may be."""
OLDEST_REPORT = IDEMPOTENCY_RETENTION
"""A report older than this is refused: its Idempotency-Key may be forgotten, so a retry could count twice."""
CARD_READ_ACTION = "card.read"
CARD_READ_PURPOSE = "shown to the card holder at the terminal"

_TEXTS: dict[Language, dict[str, str]] = {
    "en": {
        "field.read_at_future": "The read is later than the portal's clock: check the terminal's clock.",
        "field.read_at_too_old": "A card read older than {days} days can no longer be recorded exactly once.",
    },
    "pt": {
        "field.read_at_future": "A leitura é posterior ao relógio do portal: verifique o relógio do terminal.",
        "field.read_at_too_old": (
            "Uma leitura do cartão com mais de {days} dias já não pode ser registada uma só vez."
        ),
    },
}
for _language, _texts in _TEXTS.items():
    assert not set(_texts) & set(MESSAGES[_language]), "card read message ids must be new"
    MESSAGES[_language].update(_texts)


class CardReadReport(Strict):
    what: list[CardData] = Field(
        min_length=1,
        max_length=len(CARD_DATA),
        description="The kinds of personal data read from the card; nothing of the data itself",
    )
    read_at: AwareDatetime = Field(description="When the terminal read the card (its own clock, with zone)")

    @field_validator("what")
    @classmethod
    def _canonical(cls, what: list[CardData]) -> list[CardData]:
        """Each kind once, in one order: the same read always makes the same request."""
        return [kind for kind in CARD_DATA if kind in what]


class CardReadRecorded(BaseModel):
    what: list[CardData]
    read_at: dt.datetime
    """In UTC, as recorded in the audit trail."""


def _read_at_in_window(read_at: dt.datetime) -> dt.datetime:
    """The read time in UTC; a 422 naming read_at when it is ahead of the clock or beyond the retry window."""
    now = utcnow()
    values: dict[str, object] = {}
    try:
        moment = read_at.astimezone(dt.UTC)
    except OverflowError:  # a year-1 or year-9999 time with an offset falls outside what datetime holds
        moment = None
    if moment is not None and moment > now + CLOCK_SKEW:
        code = "field.read_at_future"
    elif moment is None or moment < now - OLDEST_REPORT:
        code, values = "field.read_at_too_old", {"days": OLDEST_REPORT.days}
    else:
        return moment
    raise Problem(
        422,
        "invalid-request",
        "problem.validation",
        "problem.validation.detail",
        errors=[FieldError("read_at", code, values)],
    )


@router.post("/card-reads", status_code=201, response_model=CardReadRecorded, responses=ERRORS)
async def report_card_read(
    request: Request,
    body: CardReadReport,
    db: Db,
    principal: TerminalPrincipal,
    idempotency_key: Annotated[
        str | None,
        Header(description="Unique per card read; a retry with the same key is recorded once"),
    ] = None,
) -> JSONResponse:
    """Record that this terminal read personal data from a citizen card (an audit event, once per key).

    With a citizen's session the event names the person; without one (the card was read before any login,
    or the session ended before the report arrived) it names the device only.
    """
    if not idempotency_key or not IDEMPOTENCY_KEY.match(idempotency_key):
        detail = "problem.idempotency_invalid" if idempotency_key else "problem.idempotency_missing"
        raise Problem(400, "idempotency-key-invalid", "problem.bad_request", detail)
    read_at = _read_at_in_window(body.read_at)
    device = principal.device
    # The person is not part of the request: a retry sent after the session ended is the same report.
    fingerprint = json.dumps(
        {"card_read": body.what, "read_at": read_at.isoformat()}, separators=(",", ":")
    ).encode()
    seal = AnswerSeal(presented_credential(request), device.id, idempotency_key, fingerprint)
    replay = await replay_kept_answer(db, device.id, seal)
    if replay is not None:
        return JSONResponse(replay[1], status_code=replay[0])

    await record(
        db,
        principal.actor,
        device,
        CARD_READ_ACTION,
        CARD_READ_PURPOSE,
        principal.person_id,
        ",".join(body.what),
        at=read_at,
    )
    status, response = await commit_with_kept_answer(
        db, device.id, seal, 201, {"what": body.what, "read_at": read_at.isoformat()}
    )
    return JSONResponse(response, status_code=status)
