"""One set of rules for the answers to a service's form: the kiosk's check and the portal's are this code.

The kiosk checks an answer on the page that asked it, so a person hears about a mistake there instead of
after submitting; the portal checks every answer again, because it trusts no terminal. Both call
:func:`validate_answers` and :func:`check_value` here, so they refuse exactly the same answers with the same
error codes and store the same normalised values. Each side keeps only its own wrapper: the kiosk's
``Problem`` (which turns a code into words) and the portal's ``FieldError`` (its problem+json), passed in as
``refuse``. The shared case table in tests/journey/validation_cases.py runs through both wrappers.

Pure: no I/O, no HTTP client, no UI and no portal model. A field is anything shaped like the contract's
form field (``FieldLike``): the kiosk's dataclass read from JSON, or the portal's pydantic model it is
published from. The portal may import this module (pyproject.toml, import-linter contracts).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import NamedTuple, Protocol, TypeVar

EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
POSTAL_CODE_PATTERN = re.compile(r"^[1-9]\d{3}-\d{3}$")
PHONE_PATTERN = re.compile(r"^\+?\d{9,15}$")
NUMBER_PATTERN = re.compile(r"^-?\d+(\.\d+)?$")
MONEY_PATTERN = re.compile(r"^\d+(\.\d{1,2})?$")
CODE_SEPARATORS = re.compile(r"[\s.\-()]")
COUNTRY_PATTERN = re.compile(r"[A-Z]{2}")
MAX_TEXT = 4000
NUMBER_LIMIT = Decimal("1000000000000")
"""No number answer beyond plus or minus 10^12, whatever its field allows (a count, an age, a year)."""
MONEY_LIMIT = Decimal("999999999999.99")
"""No amount beyond this, whatever its field allows: written with two decimals it fits every column that
keeps an amount (a company's share capital: 20 characters), so an accepted answer is always stored."""
ADDRESS_KEYS = ("street", "postal_code", "locality")
MAX_PARTNERS = 10
PARTNER_KEYS = {"nif", "share"}

NIF_FORM = re.compile(r"[0-9]{9}")
"""ASCII digits only: str.isdigit() also takes "²" or "٣", which no tax office issues."""
IBAN_FORM = re.compile(r"[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}")
"""An IBAN as stored: capitals and digits, without the spaces it is printed with."""


def nif_is_valid(value: str) -> bool:
    """A Portuguese tax number (NIF/NIPC): 9 digits, not starting with 0, mod-11 check digit on weights 9..2."""
    from stdnum.pt import nif  # on first use: importing python-stdnum takes about 0.1 s

    return bool(NIF_FORM.fullmatch(value)) and nif.is_valid(value)


def iban_is_valid(value: str) -> bool:
    """An IBAN: the length and layout of its country, and its two check digits (a one-digit typo fails)."""
    from stdnum import iban

    return bool(IBAN_FORM.fullmatch(value)) and iban.is_valid(value)


CODE_CHECKS: dict[str, Callable[[str], bool]] = {"field.nipc": nif_is_valid, "field.iban": iban_is_valid}
"""A text field whose pattern error is one of these codes is also checked by its function after the pattern."""


def locality_is_plausible(locality: str) -> bool:
    """A place name: some letters and no digits (a postal code typed in the locality is the usual slip)."""
    return any(char.isalpha() for char in locality) and not any(char.isdigit() for char in locality)


# --- what a field must offer (the contract's form field, on either side) --------------------------------------


class RulesLike(Protocol):
    @property
    def min_length(self) -> int | None: ...
    @property
    def max_length(self) -> int | None: ...
    @property
    def minimum(self) -> Decimal | None: ...
    @property
    def maximum(self) -> Decimal | None: ...
    @property
    def pattern(self) -> str | None: ...
    @property
    def pattern_error(self) -> str | None: ...
    @property
    def past_only(self) -> bool: ...


class OptionLike(Protocol):
    @property
    def value(self) -> str: ...


class ConditionLike(Protocol):
    @property
    def field(self) -> str: ...
    @property
    def equals(self) -> Sequence[str | bool]: ...


class FieldLike(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def type(self) -> str: ...
    @property
    def required(self) -> bool: ...
    @property
    def options(self) -> Sequence[OptionLike]: ...
    @property
    def rules(self) -> RulesLike: ...
    @property
    def condition(self) -> ConditionLike | None: ...


@dataclass(frozen=True)
class Accepted:
    """An accepted answer in the form the portal stores it (codes without spaces, dates as ISO text...)."""

    value: object


R = TypeVar("R")
Refuse = Callable[[str, str, dict[str, object]], R]
"""Makes a side's own refusal from the field id, a stable code (field.required...) and the values it names."""


class _Refused(NamedTuple):
    code: str
    values: dict[str, object]


def _refused(code: str, **values: object) -> _Refused:
    return _Refused(code, values)


# --- the rules ----------------------------------------------------------------------------------------------


def applies(form_field: FieldLike, answers: Mapping[str, object]) -> bool:
    """Whether the field is asked, given the earlier (normalised) answers."""
    condition = form_field.condition
    if condition is None:
        return True
    earlier = answers.get(condition.field)
    if isinstance(earlier, list):
        return any(value in condition.equals for value in earlier)
    return earlier in condition.equals


def is_blank(value: object) -> bool:
    return value is None or value == "" or value == [] or value == {}


def validate_answers(
    fields: Iterable[FieldLike], answers: Mapping[str, object], refuse: Refuse[R]
) -> tuple[dict[str, object], tuple[R, ...]]:
    """Check all answers in form order, so conditions see the earlier normalised answers."""
    fields = tuple(fields)
    problems: list[R] = []
    known = {item.id for item in fields}
    for unknown in sorted(set(answers) - known):
        problems.append(refuse(unknown, "field.unknown", {}))
    normalised: dict[str, object] = {}
    for item in fields:
        value = answers.get(item.id)
        if not applies(item, normalised):
            if not is_blank(value):
                problems.append(refuse(item.id, "field.not_applicable", {}))
            continue
        if is_blank(value):
            if item.required:
                problems.append(refuse(item.id, "field.required", {}))
            continue
        result = check_value(item, value, refuse)
        if isinstance(result, Accepted):
            normalised[item.id] = result.value
        else:
            problems.append(result)
    return normalised, tuple(problems)


def check_value(form_field: FieldLike, value: object, refuse: Refuse[R]) -> Accepted | R:
    """Check one answer that is not blank against its field's type and rules."""
    result = _check_value(form_field, value)
    if isinstance(result, _Refused):
        return refuse(form_field.id, result.code, result.values)
    return result


def _check_value(form_field: FieldLike, value: object) -> Accepted | _Refused:
    kind = form_field.type
    if kind in ("text", "long_text"):
        return _check_text(form_field, value)
    if kind == "number":
        return _check_number(form_field, value)
    if kind == "money":
        return _check_money(form_field, value)
    if kind == "date":
        return _check_date(form_field, value)
    if kind == "single_choice":
        allowed = {option.value for option in form_field.options}
        ok = isinstance(value, str) and value in allowed
        return Accepted(value) if ok else _refused("field.choice")
    if kind == "multiple_choice":
        return _check_choices(form_field, value)
    if kind == "yes_no":
        return Accepted(value) if isinstance(value, bool) else _refused("field.yes_no")
    if kind == "address":
        return _check_address(value)
    if kind == "partners":
        return _check_partners(value)
    if kind == "nif":
        code = CODE_SEPARATORS.sub("", value) if isinstance(value, str) else ""
        return Accepted(code) if nif_is_valid(code) else _refused(form_field.rules.pattern_error or "field.nif")
    if kind == "postal_code":
        return _check_postal_code(value)
    if kind == "email":
        email = value.strip() if isinstance(value, str) else ""
        ok = bool(EMAIL_PATTERN.match(email)) and len(email) <= 254
        return Accepted(email) if ok else _refused("field.email")
    if kind == "phone":
        phone = CODE_SEPARATORS.sub("", value) if isinstance(value, str) else ""
        return Accepted(phone) if PHONE_PATTERN.match(phone) else _refused("field.phone")
    # The portal declares no other type; a kiosk may meet one from a newer portal.
    return _refused("field.type")


def _check_text(form_field: FieldLike, value: object) -> Accepted | _Refused:
    if not isinstance(value, str):
        return _refused("field.type")
    answer = value.strip()
    if form_field.type == "text":
        answer = " ".join(answer.split())
    rules = form_field.rules
    if rules.min_length is not None and len(answer) < rules.min_length:
        return _refused("field.too_short", min=rules.min_length)
    maximum = min(rules.max_length or MAX_TEXT, MAX_TEXT)
    if len(answer) > maximum:
        return _refused("field.too_long", max=maximum)
    if rules.pattern:
        # Codes are compared without the spaces, dots and dashes people type between groups of digits.
        candidate = CODE_SEPARATORS.sub("", answer)
        if not re.fullmatch(rules.pattern, candidate):
            return _refused(rules.pattern_error or "field.pattern")
        check = CODE_CHECKS.get(rules.pattern_error or "")
        if check is not None and not check(candidate):
            return _refused(rules.pattern_error or "field.pattern")
        return Accepted(candidate)
    return Accepted(answer)


def _check_choices(form_field: FieldLike, value: object) -> Accepted | _Refused:
    order = [option.value for option in form_field.options]
    if not isinstance(value, list) or not all(isinstance(item, str) and item in order for item in value):
        return _refused("field.choices")
    return Accepted(sorted(set(value), key=order.index))


def _check_postal_code(value: object) -> Accepted | _Refused:
    code = value.strip() if isinstance(value, str) else ""
    if len(code) == 7 and code.isdigit():
        code = f"{code[:4]}-{code[4:]}"
    return Accepted(code) if POSTAL_CODE_PATTERN.match(code) else _refused("field.postal_code")


def _decimal(value: object, pattern: re.Pattern[str]) -> Decimal | None:
    if isinstance(value, bool):
        return None
    written = str(value).strip().replace(",", ".") if isinstance(value, str | int | float) else ""
    if not pattern.match(written):
        return None
    try:
        return Decimal(written)
    except InvalidOperation:  # pragma: no cover - the pattern already excludes these
        return None


def _check_bounds(form_field: FieldLike, number: Decimal, limit: Decimal) -> _Refused | None:
    """The field's own bounds, within the limit of its kind, so that no answer overflows where it is kept."""
    rules = form_field.rules
    minimum = -limit if rules.minimum is None else max(rules.minimum, -limit)
    maximum = limit if rules.maximum is None else min(rules.maximum, limit)
    if number < minimum:
        return _refused("field.too_small", min=minimum)
    if number > maximum:
        return _refused("field.too_large", max=maximum)
    return None


def _check_number(form_field: FieldLike, value: object) -> Accepted | _Refused:
    number = _decimal(value, NUMBER_PATTERN)
    if number is None:
        return _refused("field.number")
    problem = _check_bounds(form_field, number, NUMBER_LIMIT)
    if problem:
        return problem
    return Accepted(int(number) if number == number.to_integral_value() else float(number))


def _check_money(form_field: FieldLike, value: object) -> Accepted | _Refused:
    amount = _decimal(value, MONEY_PATTERN)
    if amount is None:
        return _refused("field.money")
    return _check_bounds(form_field, amount, MONEY_LIMIT) or Accepted(f"{amount:.2f}")


def _check_date(form_field: FieldLike, value: object) -> Accepted | _Refused:
    if not isinstance(value, str):
        return _refused("field.date")
    try:
        day = dt.date.fromisoformat(value.strip())
    except ValueError:
        return _refused("field.date")
    if form_field.rules.past_only and day > dt.datetime.now(dt.UTC).date():
        return _refused("field.date_future")
    return Accepted(day.isoformat())


def _check_partners(value: object) -> Accepted | _Refused:
    """Partners of a company: each a valid NIF once, each share a positive percentage, the shares 100 in all."""
    if not isinstance(value, list) or not 1 <= len(value) <= MAX_PARTNERS:
        return _refused("field.partners")
    rows: list[dict[str, str]] = []
    total = Decimal(0)
    for row, partner in enumerate(value, start=1):
        if not isinstance(partner, dict) or set(partner) != PARTNER_KEYS:
            return _refused("field.partners")
        nif = CODE_SEPARATORS.sub("", partner["nif"]) if isinstance(partner["nif"], str) else ""
        if not nif_is_valid(nif):
            return _refused("field.partners_nif", row=row)
        if any(earlier["nif"] == nif for earlier in rows):
            return _refused("field.partners_repeated", row=row)
        share = _decimal(partner["share"], MONEY_PATTERN)
        if share is None or share <= 0:
            return _refused("field.partners_share", row=row)
        total += share
        rows.append({"nif": nif, "share": f"{share:.2f}"})
    if total != 100:
        return _refused("field.partners_total", total=format(total.normalize(), "f"))
    return Accepted(rows)


def _check_address(value: object) -> Accepted | _Refused:
    if not isinstance(value, dict) or set(value) - {*ADDRESS_KEYS, "country"}:
        return _refused("field.address")
    parts = {key: value.get(key) for key in ADDRESS_KEYS}
    if not all(isinstance(part, str) and part.strip() for part in parts.values()):
        return _refused("field.address")
    street = " ".join(str(parts["street"]).split())
    locality = " ".join(str(parts["locality"]).split())
    postal = str(parts["postal_code"]).strip()
    if not POSTAL_CODE_PATTERN.match(postal):
        return _refused("field.postal_code")
    if not locality_is_plausible(locality):
        return _refused("field.locality")
    if len(street) > 200 or len(locality) > 100:
        return _refused("field.too_long", max=200)
    country = value.get("country", "PT")
    if not isinstance(country, str) or not COUNTRY_PATTERN.fullmatch(country):
        return _refused("field.address")
    return Accepted({"street": street, "postal_code": postal, "locality": locality, "country": country})
