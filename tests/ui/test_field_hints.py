"""A question page shows the catalog's hint and, for the kinds of answer it knows how to take (a date in three
boxes, money, a NIF, a postal code...), its own example of how to write one, in the person's language. A
catalog hint that gives another example contradicted it on the screen: the child's date of birth read "For
example, 2019-03-27" above "For example, 27 3 2007", and the household income "like 15000.00" above "for
example 1250,50". The catalog says what to answer; the kiosk says how to write it."""

from __future__ import annotations

import re

import pytest

from portal.content import DEMO_SERVICES
from screens.widgets.fields import TYPE_HINTS

EXAMPLE = {
    "en": re.compile(r"\b(for example|e\.g\.|like \d|such as \d)", re.IGNORECASE),
    "pt": re.compile(r"\b(por exemplo|p\. ?ex\.|como \d)", re.IGNORECASE),
}
WIRE_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

FIELDS_WITH_A_KIOSK_EXAMPLE = [
    (service.code, field)
    for service in DEMO_SERVICES
    for field in service.form.fields
    if str(getattr(field.type, "value", field.type)) in TYPE_HINTS
]


def test_the_catalog_has_fields_whose_way_of_writing_the_kiosk_explains() -> None:
    assert len(FIELDS_WITH_A_KIOSK_EXAMPLE) > 20


@pytest.mark.parametrize("language", ["pt", "en"])
def test_no_catalog_hint_gives_another_example_of_how_to_write_the_answer(language: str) -> None:
    contradicting = [
        f"{code}.{field.id}: {field.hint.in_(language)}"
        for code, field in FIELDS_WITH_A_KIOSK_EXAMPLE
        if field.hint is not None
        and (EXAMPLE[language].search(field.hint.in_(language)) or WIRE_DATE.search(field.hint.in_(language)))
    ]
    assert contradicting == []
