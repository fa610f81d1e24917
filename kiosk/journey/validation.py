"""The kiosk's own check of answers against a service's form, before anything is sent.

The rules are the portal's own (kiosk/field_rules.py: the portal's validate_answers runs the same code), so
a person hears about a mistake on the page that caused it, with the code and the normalised value the portal
would give, instead of after submitting. This module adds only the kiosk's side: ``Problem``, a refusal in
plain words, and the check of one page (``validate_field``). The shared case table in tests/journey runs
through both sides.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from kiosk import field_rules
from kiosk.client.models import FormField
from kiosk.field_rules import Accepted, applies, is_blank
from kiosk.i18n import text

__all__ = ["Accepted", "Problem", "applies", "validate_answers", "validate_field"]


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


def _plain(value: object) -> object:
    """Numbers in messages as a person writes them: 1, not Decimal('1')."""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral_value() else str(value)
    return value


def validate_field(form_field: FormField, raw: object) -> Accepted | Problem:
    """Check one answer on its own (the page's view: blank is refused only when the field is required)."""
    if is_blank(raw):
        return Problem(form_field.id, "field.required") if form_field.required else Accepted(None)
    return field_rules.check_value(form_field, raw, Problem)


def validate_answers(
    fields: Iterable[FormField], answers: Mapping[str, object]
) -> tuple[dict[str, object], tuple[Problem, ...]]:
    """Check all answers in form order, so conditions see earlier normalised answers (as the portal does)."""
    return field_rules.validate_answers(fields, answers, Problem)
