"""Form definitions of services and the server-side validation of answers against them.

The kiosk applies the same rules before submitting; the portal applies them again because it cannot
trust any terminal. Validation never raises on bad input: it returns field errors with a code.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from portal.checkdigits import CODE_CHECKS, nif_is_valid
from portal.i18n import Language


class Bilingual(BaseModel):
    """One text in both languages of the portal."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    pt: str
    en: str

    def in_(self, language: Language) -> str:
        return self.pt if language == "pt" else self.en


class FieldType(StrEnum):
    TEXT = "text"
    LONG_TEXT = "long_text"
    NUMBER = "number"
    MONEY = "money"
    DATE = "date"
    SINGLE_CHOICE = "single_choice"
    MULTIPLE_CHOICE = "multiple_choice"
    YES_NO = "yes_no"
    ADDRESS = "address"
    NIF = "nif"
    POSTAL_CODE = "postal_code"
    EMAIL = "email"
    PHONE = "phone"
    PARTNERS = "partners"
    """A list of rows {nif, share}: a company's partners and their shares in percent."""


class Option(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    value: str
    label: Bilingual


class Rules(BaseModel):
    """Extra validation on top of the field type."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    min_length: int | None = None
    max_length: int | None = None
    minimum: Decimal | None = None
    maximum: Decimal | None = None
    pattern: str | None = None
    pattern_error: str | None = None
    """Message id shown when the pattern does not match (default field.pattern)."""
    past_only: bool = False


class Condition(BaseModel):
    """Ask a field only when an earlier answer has one of these values."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    field: str
    equals: tuple[str | bool, ...]


class FormField(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    type: FieldType
    label: Bilingual
    hint: Bilingual | None = None
    required: bool = True
    options: tuple[Option, ...] = ()
    rules: Rules = Field(default_factory=Rules)
    condition: Condition | None = None
    from_card: str | None = None
    """A key of the card's identity contract (design.md: tax_id, birth_date, address...) whose value answers
    this field: a kiosk reading that card fills the answer instead of asking it."""

    def localized(self, language: Language) -> dict[str, Any]:
        rules = self.rules.model_dump(mode="json", exclude_none=True, exclude_defaults=True)
        return {
            "id": self.id,
            "type": self.type.value,
            "label": self.label.in_(language),
            "hint": self.hint.in_(language) if self.hint else None,
            "required": self.required,
            "options": [
                {"value": option.value, "label": option.label.in_(language)} for option in self.options
            ],
            "validation": rules,
            "condition": (
                {"field": self.condition.field, "equals": list(self.condition.equals)}
                if self.condition
                else None
            ),
            "from_card": self.from_card,
        }


class FormDefinition(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    fields: tuple[FormField, ...] = ()

    def localized(self, language: Language) -> dict[str, Any]:
        return {"fields": [field.localized(language) for field in self.fields]}


@dataclass(frozen=True)
class FieldError:
    field: str
    code: str
    """Message id, also the stable machine code, e.g. field.required."""
    values: dict[str, object]


@dataclass(frozen=True)
class ValidationOutcome:
    answers: dict[str, Any]
    """Normalised answers of the fields that apply (spaces stripped from codes, dates as ISO text)."""
    errors: tuple[FieldError, ...]


EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
POSTAL_CODE_PATTERN = re.compile(r"^[1-9]\d{3}-\d{3}$")
PHONE_PATTERN = re.compile(r"^\+?\d{9,15}$")
NUMBER_PATTERN = re.compile(r"^-?\d+(\.\d+)?$")
MONEY_PATTERN = re.compile(r"^\d+(\.\d{1,2})?$")
CODE_SEPARATORS = re.compile(r"[\s.\-()]")
MAX_TEXT = 4000
NUMBER_LIMIT = Decimal("1000000000000")
"""No number answer beyond plus or minus 10^12, whatever its field allows (a count, an age, a year)."""
MONEY_LIMIT = Decimal("999999999999.99")
"""No amount beyond this, whatever its field allows: written with two decimals it fits every column that
keeps an amount (a company's share capital: 20 characters), so an accepted answer is always stored."""


def applies(field: FormField, answers: dict[str, Any]) -> bool:
    """Whether the field is asked, given the earlier answers."""
    if field.condition is None:
        return True
    earlier = answers.get(field.condition.field)
    if isinstance(earlier, list):
        return any(value in field.condition.equals for value in earlier)
    return earlier in field.condition.equals


def is_blank(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def validate_answers(form: FormDefinition, answers: dict[str, Any]) -> ValidationOutcome:
    """Check answers against the form; fields are considered in order so conditions see earlier answers."""
    errors: list[FieldError] = []
    known = {field.id for field in form.fields}
    for unknown in sorted(set(answers) - known):
        errors.append(FieldError(unknown, "field.unknown", {}))
    normalised: dict[str, Any] = {}
    for field in form.fields:
        value = answers.get(field.id)
        if not applies(field, normalised):
            if not is_blank(value):
                errors.append(FieldError(field.id, "field.not_applicable", {}))
            continue
        if is_blank(value):
            if field.required:
                errors.append(FieldError(field.id, "field.required", {}))
            continue
        result = _check_value(field, value)
        if isinstance(result, FieldError):
            errors.append(result)
        else:
            normalised[field.id] = result
    return ValidationOutcome(normalised, tuple(errors))


def _error(field: FormField, code: str, **values: object) -> FieldError:
    return FieldError(field.id, code, values)


def _check_value(field: FormField, value: Any) -> Any:
    kind = field.type
    if kind in (FieldType.TEXT, FieldType.LONG_TEXT):
        return _check_text(field, value)
    if kind is FieldType.NUMBER:
        return _check_number(field, value)
    if kind is FieldType.MONEY:
        return _check_money(field, value)
    if kind is FieldType.DATE:
        return _check_date(field, value)
    if kind is FieldType.SINGLE_CHOICE:
        allowed = {option.value for option in field.options}
        return value if isinstance(value, str) and value in allowed else _error(field, "field.choice")
    if kind is FieldType.MULTIPLE_CHOICE:
        allowed = {option.value for option in field.options}
        if not isinstance(value, list) or not all(isinstance(item, str) and item in allowed for item in value):
            return _error(field, "field.choices")
        return sorted(set(value), key=[option.value for option in field.options].index)
    if kind is FieldType.YES_NO:
        return value if isinstance(value, bool) else _error(field, "field.yes_no")
    if kind is FieldType.ADDRESS:
        return _check_address(field, value)
    if kind is FieldType.PARTNERS:
        return _check_partners(field, value)
    if kind is FieldType.NIF:
        code = CODE_SEPARATORS.sub("", value) if isinstance(value, str) else ""
        return code if nif_is_valid(code) else _error(field, field.rules.pattern_error or "field.nif")
    if kind is FieldType.POSTAL_CODE:
        code = value.strip() if isinstance(value, str) else ""
        if len(code) == 7 and code.isdigit():
            code = f"{code[:4]}-{code[4:]}"
        return code if POSTAL_CODE_PATTERN.match(code) else _error(field, "field.postal_code")
    if kind is FieldType.EMAIL:
        text = value.strip() if isinstance(value, str) else ""
        ok = EMAIL_PATTERN.match(text) and len(text) <= 254
        return text if ok else _error(field, "field.email")
    if kind is FieldType.PHONE:
        text = CODE_SEPARATORS.sub("", value) if isinstance(value, str) else ""
        return text if PHONE_PATTERN.match(text) else _error(field, "field.phone")
    return _error(field, "field.type")  # pragma: no cover - every type handled above


def _check_text(field: FormField, value: Any) -> Any:
    if not isinstance(value, str):
        return _error(field, "field.type")
    text = value.strip()
    if field.type is FieldType.TEXT:
        text = " ".join(text.split())
    rules = field.rules
    if rules.min_length is not None and len(text) < rules.min_length:
        return _error(field, "field.too_short", min=rules.min_length)
    maximum = min(rules.max_length or MAX_TEXT, MAX_TEXT)
    if len(text) > maximum:
        return _error(field, "field.too_long", max=maximum)
    if rules.pattern:
        candidate = CODE_SEPARATORS.sub("", text)
        if not re.fullmatch(rules.pattern, candidate):
            return _error(field, rules.pattern_error or "field.pattern")
        check = CODE_CHECKS.get(rules.pattern_error or "")
        if check is not None and not check(candidate):
            return _error(field, rules.pattern_error or "field.pattern")
        return candidate
    return text


def _decimal(value: Any, pattern: re.Pattern[str]) -> Decimal | None:
    if isinstance(value, bool):
        return None
    text = str(value).strip().replace(",", ".") if isinstance(value, str | int | float) else ""
    if not pattern.match(text):
        return None
    try:
        return Decimal(text)
    except InvalidOperation:  # pragma: no cover - the pattern already excludes these
        return None


def _check_bounds(field: FormField, number: Decimal, limit: Decimal) -> FieldError | None:
    """The field's own bounds, within the limit of its kind, so that no answer overflows where it is kept."""
    minimum = -limit if field.rules.minimum is None else max(field.rules.minimum, -limit)
    maximum = limit if field.rules.maximum is None else min(field.rules.maximum, limit)
    if number < minimum:
        return _error(field, "field.too_small", min=minimum)
    if number > maximum:
        return _error(field, "field.too_large", max=maximum)
    return None


def _check_number(field: FormField, value: Any) -> Any:
    number = _decimal(value, NUMBER_PATTERN)
    if number is None:
        return _error(field, "field.number")
    problem = _check_bounds(field, number, NUMBER_LIMIT)
    if problem:
        return problem
    return int(number) if number == number.to_integral_value() else float(number)


def _check_money(field: FormField, value: Any) -> Any:
    amount = _decimal(value, MONEY_PATTERN)
    if amount is None:
        return _error(field, "field.money")
    problem = _check_bounds(field, amount, MONEY_LIMIT)
    return problem or f"{amount:.2f}"


def _check_date(field: FormField, value: Any) -> Any:
    if not isinstance(value, str):
        return _error(field, "field.date")
    try:
        day = dt.date.fromisoformat(value.strip())
    except ValueError:
        return _error(field, "field.date")
    if field.rules.past_only and day > dt.datetime.now(dt.UTC).date():
        return _error(field, "field.date_future")
    return day.isoformat()


ADDRESS_KEYS = ("street", "postal_code", "locality")


MAX_PARTNERS = 10
PARTNER_KEYS = {"nif", "share"}


def _check_partners(field: FormField, value: Any) -> Any:
    """Partners of a company: each a valid NIF once, each share a positive percentage, the shares 100 in all."""
    if not isinstance(value, list) or not 1 <= len(value) <= MAX_PARTNERS:
        return _error(field, "field.partners")
    rows: list[dict[str, str]] = []
    total = Decimal(0)
    for row, partner in enumerate(value, start=1):
        if not isinstance(partner, dict) or set(partner) != PARTNER_KEYS:
            return _error(field, "field.partners")
        nif = CODE_SEPARATORS.sub("", partner["nif"]) if isinstance(partner["nif"], str) else ""
        if not nif_is_valid(nif):
            return _error(field, "field.partners_nif", row=row)
        if any(earlier["nif"] == nif for earlier in rows):
            return _error(field, "field.partners_repeated", row=row)
        share = _decimal(partner["share"], MONEY_PATTERN)
        if share is None or share <= 0:
            return _error(field, "field.partners_share", row=row)
        total += share
        rows.append({"nif": nif, "share": f"{share:.2f}"})
    if total != 100:
        return _error(field, "field.partners_total", total=format(total.normalize(), "f"))
    return rows


def locality_is_plausible(locality: str) -> bool:
    """A place name: some letters and no digits (a postal code typed in the locality is the usual slip)."""
    return any(char.isalpha() for char in locality) and not any(char.isdigit() for char in locality)


def _check_address(field: FormField, value: Any) -> Any:
    if not isinstance(value, dict) or set(value) - {*ADDRESS_KEYS, "country"}:
        return _error(field, "field.address")
    parts = {key: value.get(key) for key in ADDRESS_KEYS}
    if not all(isinstance(part, str) and part.strip() for part in parts.values()):
        return _error(field, "field.address")
    street = " ".join(str(parts["street"]).split())
    locality = " ".join(str(parts["locality"]).split())
    postal = str(parts["postal_code"]).strip()
    if not POSTAL_CODE_PATTERN.match(postal):
        return _error(field, "field.postal_code")
    if not locality_is_plausible(locality):
        return _error(field, "field.locality")
    if len(street) > 200 or len(locality) > 100:
        return _error(field, "field.too_long", max=200)
    country = value.get("country", "PT")
    if not isinstance(country, str) or not re.fullmatch(r"[A-Z]{2}", country):
        return _error(field, "field.address")
    return {"street": street, "postal_code": postal, "locality": locality, "country": country}
