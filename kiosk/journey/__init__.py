"""The headless journey: the pages of a service, their validation, card prefill and check-your-answers."""

from __future__ import annotations

from kiosk.journey.journey import CheckRow, Journey, Question, Step, card_values, shown_answer
from kiosk.journey.validation import Accepted, Problem, validate_answers, validate_field

__all__ = [
    "Accepted",
    "CheckRow",
    "Journey",
    "Problem",
    "Question",
    "Step",
    "card_values",
    "shown_answer",
    "validate_answers",
    "validate_field",
]
