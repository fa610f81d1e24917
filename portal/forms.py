"""Form definitions of services and the server-side validation of answers against them.

The kiosk applies the same rules before submitting; the portal applies them again because it cannot
trust any terminal. Both run kiosk/field_rules.py (pure: no I/O), so the rules are written once.
Validation never raises on bad input: it returns field errors with a code.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from kiosk import field_rules
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


def validate_answers(form: FormDefinition, answers: dict[str, Any]) -> ValidationOutcome:
    """Check answers against the form; fields are considered in order so conditions see earlier answers.

    The rules are kiosk/field_rules.py, the code the kiosk checks with before it submits: the two refuse
    the same answers with the same codes, and this side turns each refusal into a FieldError.
    """
    normalised, errors = field_rules.validate_answers(form.fields, answers, FieldError)
    return ValidationOutcome(normalised, errors)
