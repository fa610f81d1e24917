"""The kiosk's validator and the portal's refuse and normalise the same answers (one shared case table).

Both run kiosk/field_rules.py; the table also proves each side's wrapper passes the rules' answers on unchanged.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from kiosk.client.models import FormField
from kiosk.i18n import LANGUAGES, text
from kiosk.journey.validation import Accepted, Problem, validate_answers, validate_field
from tests.journey.validation_cases import CASES, Case

IDS = [case.name for case in CASES]


def kiosk_fields(case: Case) -> tuple[FormField, ...]:
    return tuple(FormField.from_json(definition) for definition in case.fields)


def portal_form(case: Case) -> Any:
    """The portal's own FormDefinition built from the same contract rows."""
    from portal import forms

    def bilingual(words: str) -> forms.Bilingual:
        return forms.Bilingual(pt=words, en=words)

    fields = []
    for definition in case.fields:
        condition = definition["condition"]
        fields.append(
            forms.FormField(
                id=definition["id"],
                type=forms.FieldType(definition["type"]),
                label=bilingual(definition["label"]),
                required=definition["required"],
                options=tuple(
                    forms.Option(value=option["value"], label=bilingual(option["label"]))
                    for option in definition["options"]
                ),
                rules=forms.Rules(**definition["validation"]),
                condition=forms.Condition(**condition) if condition else None,
            )
        )
    return forms.FormDefinition(fields=tuple(fields))


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_the_kiosk_validator_follows_the_table(case: Case) -> None:
    accepted, problems = validate_answers(kiosk_fields(case), case.answers)
    assert accepted == case.accepted
    assert [(problem.field, problem.code) for problem in problems] == list(case.problems)


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_the_portal_validator_follows_the_same_table(case: Case) -> None:
    from portal.forms import validate_answers as portal_validate

    outcome = portal_validate(portal_form(case), case.answers)
    assert outcome.answers == case.accepted
    assert [(error.field, error.code) for error in outcome.errors] == list(case.problems)


SINGLE = [case for case in CASES if len(case.fields) == 1 and set(case.answers) <= {case.fields[0]["id"]}]


@pytest.mark.parametrize("case", SINGLE, ids=[case.name for case in SINGLE])
def test_one_page_gives_what_the_whole_form_gives(case: Case) -> None:
    """validate_field (one page) agrees with validate_answers on that field."""
    (definition,) = kiosk_fields(case)
    result = validate_field(definition, case.answers.get(definition.id))
    if case.problems:
        assert isinstance(result, Problem)
        assert (result.field, result.code) == case.problems[0]
    else:
        assert result == Accepted(case.accepted.get(definition.id))


def test_every_refusal_has_plain_words_in_both_languages() -> None:
    codes = {code for case in CASES for _, code in case.problems}
    for language in LANGUAGES:
        for code in codes:
            problem = Problem("field", code, {"min": Decimal("1"), "max": 120, "row": 2, "total": "90"})
            words = problem.message(language)
            assert not words.startswith("journey."), (language, code)
            assert words != text(language, "journey.error.field_invalid"), (language, code)


def test_messages_name_the_limit_as_a_person_writes_it() -> None:
    assert Problem("n", "field.too_small", {"min": Decimal("1")}).message("en") == "Enter a number of 1 or more"
    assert Problem("n", "field.too_short", {"min": 3}).message("pt") == "Escreva pelo menos 3 caracteres"
    assert Problem("d", "field.date_future", {}).message("en") == "Enter a date in the past"


def test_a_code_the_kiosk_does_not_know_still_reads_as_words() -> None:
    assert Problem("x", "field.brand_new", {}).message("en") == "Check this answer"
