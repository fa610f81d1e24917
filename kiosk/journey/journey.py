"""One person's way through one service, without any screen: start, one question per page, check, done.

The screens show what a Journey says (its step, its current Question, its CheckRows) and hand it what the
person did (answer, back, change); every rule about which page comes next, what is asked, what the card
already answers and what is sent lives here, so it is tested with plain pytest.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import TYPE_CHECKING

from kiosk.client.models import FormField, ServiceDetail
from kiosk.client.outbox import encode_body
from kiosk.i18n import text
from kiosk.journey.validation import Accepted, Problem, applies, validate_answers, validate_field
from kiosk.money import format_money

if TYPE_CHECKING:
    from kiosk.card.identity import Address, Identity


class Step(StrEnum):
    START = "start"
    QUESTION = "question"
    CHECK = "check"
    DONE = "done"


@dataclass(frozen=True)
class Question:
    """What one question page shows: one thing per page."""

    field: FormField
    number: int
    """Position among the pages asked, from 1 (fields the card answers are not counted)."""
    total: int
    value: object
    """The current raw answer (kept when going back), or None."""
    problems: tuple[Problem, ...]
    """From the last refused answer on this page."""


@dataclass(frozen=True)
class CheckRow:
    """One line of check-your-answers."""

    field: FormField
    shown: str
    """The answer as the person reads it, in the journey's language."""
    from_card: bool
    """Filled from the card: shown, not changeable."""


class Journey:
    """The state of one application being filled in at the kiosk."""

    def __init__(
        self,
        service: ServiceDetail,
        *,
        card_values: Mapping[str, object] | None = None,
        language: str = "pt",
    ) -> None:
        self.service = service
        self.language = language
        self.step = Step.START
        self._card_values = dict(card_values or {})
        self._card: dict[str, object] = {}
        self._raw: dict[str, object] = {}
        """What the person gave on each page answered, as given (kept when the page stops applying)."""
        self._accepted: dict[str, object] = {}
        """The normalised form of each accepted answer; blank optional answers are absent."""
        self._current: str | None = None
        self._refused: tuple[object, tuple[Problem, ...]] | None = None
        """The last refused answer on the current page, shown again with its problems."""
        self._changing = False
        """The current page was opened from check-your-answers: answering it returns there."""
        self._prefill()

    # -- what the card answers -------------------------------------------------------------------------

    def _prefill(self) -> None:
        """Answer from the card every from_card field whose card value the form accepts.

        A card value the form refuses (a foreign address where a Portuguese one is asked) is not used:
        the page is asked as any other, rather than sending something the portal would refuse.
        """
        self._card = {}
        for item in self.service.fields:
            if item.from_card is None or item.from_card not in self._card_values:
                continue
            result = validate_field(item, _as_answer(self._card_values[item.from_card]))
            if isinstance(result, Accepted) and result.value is not None:
                self._card[item.id] = result.value

    def relabel(self, service: ServiceDetail) -> None:
        """Take the same service in another language: texts change, answers and position stay."""
        if service.summary.code != self.service.summary.code:
            raise ValueError("relabel takes the same service in another language, not another service")
        self.service = service
        self._prefill()

    # -- which pages apply -----------------------------------------------------------------------------

    def _answers(self) -> dict[str, object]:
        """Normalised answers of the fields that apply, in form order, card answers included."""
        answers: dict[str, object] = {}
        for item in self.service.fields:
            if not applies(item, answers):
                continue
            if item.id in self._card:
                answers[item.id] = self._card[item.id]
            elif item.id in self._accepted:
                answers[item.id] = self._accepted[item.id]
        return answers

    def _pages(self) -> list[FormField]:
        """The fields asked on a page of their own, given the answers so far."""
        answers = self._answers()
        pages: list[FormField] = []
        known: dict[str, object] = {}
        for item in self.service.fields:
            if applies(item, known) and item.id not in self._card:
                pages.append(item)
            if item.id in answers:
                known[item.id] = answers[item.id]
        return pages

    def _index(self, field_id: str) -> int:
        return next(index for index, item in enumerate(self.service.fields) if item.id == field_id)

    def _open(self, field_id: str | None) -> None:
        self._refused = None
        self._current = field_id
        self.step = Step.START if field_id is None else Step.QUESTION

    def _open_check(self) -> None:
        self._refused = None
        self._current = None
        self._changing = False
        self.step = Step.CHECK

    # -- moving through the pages ----------------------------------------------------------------------

    def begin(self) -> None:
        """From the start page to the first question, or to check-your-answers when nothing is asked."""
        pages = self._pages()
        if pages:
            self._open(pages[0].id)
        else:
            self._open_check()

    @property
    def question(self) -> Question | None:
        """The current page when the step is QUESTION."""
        if self.step is not Step.QUESTION or self._current is None:
            return None
        pages = self._pages()
        ids = [item.id for item in pages]
        current = self.service.field(self._current)
        number = ids.index(current.id) + 1 if current.id in ids else len(ids)
        if self._refused is not None:
            value, problems = self._refused
        else:
            value, problems = self._raw.get(current.id), ()
        return Question(field=current, number=number, total=len(ids), value=value, problems=problems)

    def answer(self, raw: object) -> tuple[Problem, ...]:
        """Check the current page's answer; when fine keep it and go on, else stay with the problems."""
        if self.step is not Step.QUESTION or self._current is None:
            raise RuntimeError("answer() needs a question page")
        current = self.service.field(self._current)
        result = validate_field(current, raw)
        if isinstance(result, Problem):
            self._refused = (raw, (result,))
            return (result,)
        self._raw[current.id] = raw
        if result.value is None:
            self._accepted.pop(current.id, None)
        else:
            self._accepted[current.id] = result.value
        self._go_on_from(current)
        return ()

    def _go_on_from(self, current: FormField) -> None:
        pages = self._pages()
        if self._changing:
            # A changed answer may open a page never seen (purpose -> other): ask it before going back.
            unseen = [item for item in pages if item.id not in self._raw]
            if unseen:
                self._open(unseen[0].id)
            else:
                self._open_check()
            return
        position = self._index(current.id)
        later = [item for item in pages if self._index(item.id) > position]
        if later:
            self._open(later[0].id)
        else:
            self._open_check()

    def back(self) -> None:
        """To the previous applicable page (first page -> START; CHECK -> last page); answers are kept.

        A page opened from check-your-answers goes back there, as GOV.UK's change links do.
        """
        if self.step is Step.CHECK:
            pages = self._pages()
            self._open(pages[-1].id if pages else None)
            return
        if self.step is not Step.QUESTION or self._current is None:
            return
        if self._changing:
            self._open_check()
            return
        position = self._index(self._current)
        earlier = [item for item in self._pages() if self._index(item.id) < position]
        self._open(earlier[-1].id if earlier else None)

    def change(self, field_id: str) -> None:
        """From check-your-answers to that field's page; answering it comes back to check."""
        if self.step is not Step.CHECK:
            raise RuntimeError("change() is offered on check-your-answers only")
        if field_id in self._card:
            raise ValueError(f"{field_id} comes from the card and cannot be changed here")
        if field_id not in {item.id for item in self._pages()}:
            raise ValueError(f"{field_id} is not asked in this application")
        self._open(field_id)
        self._changing = True

    def finish(self) -> None:
        """CHECK -> DONE, once the portal has taken the application."""
        if self.step is not Step.CHECK:
            raise RuntimeError("finish() follows check-your-answers")
        self.step = Step.DONE

    # -- check your answers ----------------------------------------------------------------------------

    def check_rows(self) -> list[CheckRow]:
        """Every field that applies, with its answer in words (optional ones left blank say so)."""
        answers = self._answers()
        rows: list[CheckRow] = []
        known: dict[str, object] = {}
        for item in self.service.fields:
            if not applies(item, known):
                continue
            value = answers.get(item.id)
            if value is not None:
                known[item.id] = value
            rows.append(CheckRow(item, self._shown(item, value), from_card=item.id in self._card))
        return rows

    def _shown(self, item: FormField, value: object) -> str:
        if value is None:
            return text(self.language, "journey.check.not_given")
        return shown_answer(item, value, self.language)

    @property
    def fee(self) -> Decimal | None:
        return self.service.summary.fee

    def fee_text(self, language: str) -> str:
        """The fee as a person reads it in the language (the screen's, which may have just switched), or
        "Free"; written from the amount, never the portal's display text, which is Portuguese only."""
        if self.fee is None:
            return text(language, "journey.fee.free")
        return format_money(self.fee, language)

    # -- submitting ------------------------------------------------------------------------------------

    def submission_answers(self) -> dict[str, object]:
        """The normalised answers of the fields that apply, card answers included: the body's answers."""
        return self._answers()

    def problems(self) -> tuple[Problem, ...]:
        """Everything checked once more, as the portal will, just before submitting."""
        _, problems = validate_answers(self.service.fields, self.submission_answers())
        return problems

    def idempotency_key(self, session_id: str) -> str:
        """The same answers re-sent in this session give the same key; changed answers give a new one."""
        body = encode_body(self.service.summary.code, self.submission_answers())
        digest = hashlib.sha256(session_id.encode() + b"\n" + body).hexdigest()
        return f"kiosk-{digest[:48]}"


def _as_answer(value: object) -> object:
    """A card value in the form a page would give it (dates as ISO text)."""
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def shown_answer(item: FormField, value: object, language: str) -> str:
    """A normalised answer in words: choice labels, yes/no, dd/mm/yyyy dates, one-line addresses, money."""
    kind = item.type
    if kind == "single_choice" and isinstance(value, str):
        return item.option_label(value)
    if kind == "multiple_choice" and isinstance(value, list):
        return ", ".join(item.option_label(str(choice)) for choice in value)
    if kind == "yes_no" and isinstance(value, bool):
        return text(language, "journey.yes" if value else "journey.no")
    if kind == "date" and isinstance(value, str):
        try:
            return dt.date.fromisoformat(value).strftime("%d/%m/%Y")
        except ValueError:
            return value
    if kind == "address" and isinstance(value, dict):
        return address_line(value)
    if kind == "partners" and isinstance(value, list):
        return ", ".join(f"{row.get('nif')} ({row.get('share')} %)" for row in value if isinstance(row, dict))
    if kind == "money":
        try:
            return format_money(Decimal(str(value)), language)
        except InvalidOperation:
            return str(value)
    return str(value)


def address_line(address: Mapping[str, object]) -> str:
    """An address on one line: street, postal code and locality (and the country when not Portugal)."""
    place = " ".join(str(address[key]) for key in ("postal_code", "locality") if address.get(key))
    parts = [str(address.get("street") or ""), place]
    country = address.get("country")
    if country and country != "PT":
        parts.append(str(country))
    return ", ".join(part for part in parts if part)


def card_values(identity: Identity, address: Address | None = None) -> dict[str, object]:
    """What the card answers, keyed by the card identity contract names that forms use in from_card.

    Empty values are left out, so a field the card cannot answer is asked.
    """
    values: dict[str, object] = {
        "given_names": identity.given_names,
        "surname": identity.surname,
        "full_name": identity.full_name(),
        "birth_date": identity.birth_date.isoformat() if identity.birth_date else None,
        "nationality": identity.nationality,
        "civil_id": identity.civil_id,
        "tax_id": identity.tax_id,
        "social_security_id": identity.social_security_id,
        "health_id": identity.health_id,
        "document_number": identity.document_number,
    }
    if address is not None:
        values["address"] = address_answer(address)
    return {key: value for key, value in values.items() if value}


def address_answer(address: Address) -> dict[str, str] | None:
    """The card's address as the portal's address field takes it (street, postal_code, locality, country).

    The card's last line repeats postal code and locality; the street is what comes before it.
    """
    if not address.postal_code or not address.locality:
        return None
    street_lines = [line for line in address.lines if not line.startswith(address.postal_code)]
    street = ", ".join(street_lines)
    if not street:
        return None
    return {
        "street": street,
        "postal_code": address.postal_code,
        "locality": address.locality,
        "country": address.country,
    }
