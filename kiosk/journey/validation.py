"""The kiosk's own check of answers against a service's form, before anything is sent.

It refuses exactly what the portal refuses (portal/forms.py validate_answers), with the same error codes and
the same normalised values, so a citizen hears about a mistake on the page that caused it instead of after
submitting. It is written against the contract, never imported from portal/: a shared case table in
tests/journey proves both sides agree.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from kiosk.client.models import FormField
from kiosk.i18n import text

EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
POSTAL_CODE_PATTERN = re.compile(r"^[1-9]\d{3}-\d{3}$")
PHONE_PATTERN = re.compile(r"^\+?\d{9,15}$")
NUMBER_PATTERN = re.compile(r"^-?\d+(\.\d+)?$")
MONEY_PATTERN = re.compile(r"^\d+(\.\d{1,2})?$")
CODE_SEPARATORS = re.compile(r"[\s.\-()]")
COUNTRY_PATTERN = re.compile(r"[A-Z]{2}")
MAX_TEXT = 4000
NUMBER_LIMIT = Decimal("1000000000000")
"""The portal's limits (portal/forms.py): no number beyond plus or minus 10^12, no amount beyond this one."""
MONEY_LIMIT = Decimal("999999999999.99")
ADDRESS_KEYS = ("street", "postal_code", "locality")


@dataclass(frozen=True)
class Problem:
    """Why an answer was refused: the field, a stable code (field.required...) and the values it names."""

    field: str
    code: str
    values: dict[str, object] = dataclasses.field(default_factory=dict)

    def message(self, language: str) -> str:
        """Plain words for the person, from the journey texts (journey.error.<code with dots as _>)."""
        key = "journey.error." + self.code.replace(".", "_")
        values = {name: _plain(value) for name, value in self.values.items()}
        message = text(language, key, **values)
        # A code the texts do not know (a newer portal) still gets a readable sentence, never a key.
        return text(language, "journey.error.field_invalid") if message == key else message


@dataclass(frozen=True)
class Accepted:
    """An accepted answer in the form the portal stores it (codes without spaces, dates as ISO text...)."""

    value: object


def _plain(value: object) -> object:
    """Numbers in messages as a person writes them: 1, not Decimal('1')."""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral_value() else str(value)
    return value


NIF_FORM = re.compile(r"[0-9]{9}")
"""ASCII digits only: str.isdigit() also takes "²" or "٣", which no tax office issues."""
IBAN_FORM = re.compile(r"[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}")


def nif_is_valid(value: str) -> bool:
    """A Portuguese tax number (NIF/NIPC): 9 digits, not starting with 0, mod-11 check digit (python-stdnum)."""
    from stdnum.pt import nif  # on first use: importing python-stdnum takes about 0.1 s

    return bool(NIF_FORM.fullmatch(value)) and nif.is_valid(value)


def iban_is_valid(value: str) -> bool:
    """An IBAN: the length and layout of its country, and its MOD 97-10 check digits (python-stdnum)."""
    from stdnum import iban

    return bool(IBAN_FORM.fullmatch(value)) and iban.is_valid(value)


CODE_CHECKS: dict[str, Callable[[str], bool]] = {"field.nipc": nif_is_valid, "field.iban": iban_is_valid}
"""A text field whose pattern error is one of these codes is also checked by its function (as on the portal)."""


def applies(form_field: FormField, answers: Mapping[str, object]) -> bool:
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


def validate_field(form_field: FormField, raw: object) -> Accepted | Problem:
    """Check one answer on its own (the page's view: blank is refused only when the field is required)."""
    if is_blank(raw):
        return Problem(form_field.id, "field.required") if form_field.required else Accepted(None)
    return _check_value(form_field, raw)


def validate_answers(
    fields: Iterable[FormField], answers: Mapping[str, object]
) -> tuple[dict[str, object], tuple[Problem, ...]]:
    """Check all answers in form order, so conditions see earlier normalised answers (as the portal does)."""
    fields = tuple(fields)
    problems: list[Problem] = []
    known = {item.id for item in fields}
    for unknown in sorted(set(answers) - known):
        problems.append(Problem(unknown, "field.unknown"))
    normalised: dict[str, object] = {}
    for item in fields:
        value = answers.get(item.id)
        if not applies(item, normalised):
            if not is_blank(value):
                problems.append(Problem(item.id, "field.not_applicable"))
            continue
        if is_blank(value):
            if item.required:
                problems.append(Problem(item.id, "field.required"))
            continue
        result = _check_value(item, value)
        if isinstance(result, Problem):
            problems.append(result)
        else:
            normalised[item.id] = result.value
    return normalised, tuple(problems)


def _problem(form_field: FormField, code: str, **values: object) -> Problem:
    return Problem(form_field.id, code, values)


def _check_value(form_field: FormField, value: object) -> Accepted | Problem:
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
        return Accepted(value) if ok else _problem(form_field, "field.choice")
    if kind == "multiple_choice":
        return _check_choices(form_field, value)
    if kind == "yes_no":
        return Accepted(value) if isinstance(value, bool) else _problem(form_field, "field.yes_no")
    if kind == "address":
        return _check_address(form_field, value)
    if kind == "partners":
        return _check_partners(form_field, value)
    if kind == "nif":
        code = CODE_SEPARATORS.sub("", value) if isinstance(value, str) else ""
        ok = nif_is_valid(code)
        return Accepted(code) if ok else _problem(form_field, form_field.rules.pattern_error or "field.nif")
    if kind == "postal_code":
        return _check_postal_code(form_field, value)
    if kind == "email":
        email = value.strip() if isinstance(value, str) else ""
        ok = bool(EMAIL_PATTERN.match(email)) and len(email) <= 254
        return Accepted(email) if ok else _problem(form_field, "field.email")
    if kind == "phone":
        phone = CODE_SEPARATORS.sub("", value) if isinstance(value, str) else ""
        return Accepted(phone) if PHONE_PATTERN.match(phone) else _problem(form_field, "field.phone")
    return _problem(form_field, "field.type")


def _check_text(form_field: FormField, value: object) -> Accepted | Problem:
    if not isinstance(value, str):
        return _problem(form_field, "field.type")
    answer = value.strip()
    if form_field.type == "text":
        answer = " ".join(answer.split())
    rules = form_field.rules
    if rules.min_length is not None and len(answer) < rules.min_length:
        return _problem(form_field, "field.too_short", min=rules.min_length)
    maximum = min(rules.max_length or MAX_TEXT, MAX_TEXT)
    if len(answer) > maximum:
        return _problem(form_field, "field.too_long", max=maximum)
    if rules.pattern:
        # Codes are compared without the spaces, dots and dashes people type between groups of digits.
        candidate = CODE_SEPARATORS.sub("", answer)
        if not re.fullmatch(rules.pattern, candidate):
            return _problem(form_field, rules.pattern_error or "field.pattern")
        check = CODE_CHECKS.get(rules.pattern_error or "")
        if check is not None and not check(candidate):
            return _problem(form_field, rules.pattern_error or "field.pattern")
        return Accepted(candidate)
    return Accepted(answer)


def _check_choices(form_field: FormField, value: object) -> Accepted | Problem:
    order = [option.value for option in form_field.options]
    if not isinstance(value, list) or not all(isinstance(item, str) and item in order for item in value):
        return _problem(form_field, "field.choices")
    return Accepted(sorted(set(value), key=order.index))


def _check_postal_code(form_field: FormField, value: object) -> Accepted | Problem:
    code = value.strip() if isinstance(value, str) else ""
    if len(code) == 7 and code.isdigit():
        code = f"{code[:4]}-{code[4:]}"
    return Accepted(code) if POSTAL_CODE_PATTERN.match(code) else _problem(form_field, "field.postal_code")


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


def _check_bounds(form_field: FormField, number: Decimal, limit: Decimal) -> Problem | None:
    """The field's own bounds, within the portal's limit for its kind (portal/forms.py)."""
    rules = form_field.rules
    minimum = -limit if rules.minimum is None else max(rules.minimum, -limit)
    maximum = limit if rules.maximum is None else min(rules.maximum, limit)
    if number < minimum:
        return _problem(form_field, "field.too_small", min=minimum)
    if number > maximum:
        return _problem(form_field, "field.too_large", max=maximum)
    return None


def _check_number(form_field: FormField, value: object) -> Accepted | Problem:
    number = _decimal(value, NUMBER_PATTERN)
    if number is None:
        return _problem(form_field, "field.number")
    problem = _check_bounds(form_field, number, NUMBER_LIMIT)
    if problem:
        return problem
    return Accepted(int(number) if number == number.to_integral_value() else float(number))


def _check_money(form_field: FormField, value: object) -> Accepted | Problem:
    amount = _decimal(value, MONEY_PATTERN)
    if amount is None:
        return _problem(form_field, "field.money")
    return _check_bounds(form_field, amount, MONEY_LIMIT) or Accepted(f"{amount:.2f}")


def _check_date(form_field: FormField, value: object) -> Accepted | Problem:
    if not isinstance(value, str):
        return _problem(form_field, "field.date")
    try:
        day = dt.date.fromisoformat(value.strip())
    except ValueError:
        return _problem(form_field, "field.date")
    if form_field.rules.past_only and day > dt.datetime.now(dt.UTC).date():
        return _problem(form_field, "field.date_future")
    return Accepted(day.isoformat())


MAX_PARTNERS = 10
PARTNER_KEYS = {"nif", "share"}


def _check_partners(form_field: FormField, value: object) -> Accepted | Problem:
    """Partners of a company: each a valid NIF once, each share a positive percentage, the shares 100 in all."""
    if not isinstance(value, list) or not 1 <= len(value) <= MAX_PARTNERS:
        return _problem(form_field, "field.partners")
    rows: list[dict[str, str]] = []
    total = Decimal(0)
    for row, partner in enumerate(value, start=1):
        if not isinstance(partner, dict) or set(partner) != PARTNER_KEYS:
            return _problem(form_field, "field.partners")
        nif = CODE_SEPARATORS.sub("", partner["nif"]) if isinstance(partner["nif"], str) else ""
        if not nif_is_valid(nif):
            return _problem(form_field, "field.partners_nif", row=row)
        if any(earlier["nif"] == nif for earlier in rows):
            return _problem(form_field, "field.partners_repeated", row=row)
        share = _decimal(partner["share"], MONEY_PATTERN)
        if share is None or share <= 0:
            return _problem(form_field, "field.partners_share", row=row)
        total += share
        rows.append({"nif": nif, "share": f"{share:.2f}"})
    if total != 100:
        return _problem(form_field, "field.partners_total", total=format(total.normalize(), "f"))
    return Accepted(rows)


def locality_is_plausible(locality: str) -> bool:
    """A place name: some letters and no digits (a postal code typed in the locality is the usual slip)."""
    return any(char.isalpha() for char in locality) and not any(char.isdigit() for char in locality)


def _check_address(form_field: FormField, value: object) -> Accepted | Problem:
    if not isinstance(value, dict) or set(value) - {*ADDRESS_KEYS, "country"}:
        return _problem(form_field, "field.address")
    parts = {key: value.get(key) for key in ADDRESS_KEYS}
    if not all(isinstance(part, str) and part.strip() for part in parts.values()):
        return _problem(form_field, "field.address")
    street = " ".join(str(parts["street"]).split())
    locality = " ".join(str(parts["locality"]).split())
    postal = str(parts["postal_code"]).strip()
    if not POSTAL_CODE_PATTERN.match(postal):
        return _problem(form_field, "field.postal_code")
    if not locality_is_plausible(locality):
        return _problem(form_field, "field.locality")
    if len(street) > 200 or len(locality) > 100:
        return _problem(form_field, "field.too_long", max=200)
    country = value.get("country", "PT")
    if not isinstance(country, str) or not COUNTRY_PATTERN.fullmatch(country):
        return _problem(form_field, "field.address")
    return Accepted({"street": street, "postal_code": postal, "locality": locality, "country": country})
