"""Validation of answers against form definitions, and the check digits behind it (no server)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from portal.checkdigits import (
    multibanco_check_digits,
    multibanco_reference,
    multibanco_reference_is_valid,
    nif_is_valid,
    nif_with_check_digit,
)
from portal.content import DEMO_SERVICES, LIFE_EVENTS, THEMES
from portal.content.builders import b, choices, field
from portal.forms import FieldType, FormDefinition, Rules, validate_answers

FORM = FormDefinition(
    fields=(
        field(
            "kind",
            FieldType.SINGLE_CHOICE,
            b("Tipo", "Kind"),
            options=choices(("a", "A", "A"), ("b", "B", "B")),
        ),
        field(
            "details", FieldType.TEXT, b("Detalhe", "Details"), rules=Rules(min_length=3), when=("kind", ("b",))
        ),
        field("nif", FieldType.NIF, b("NIF", "NIF"), required=False),
        field("amount", FieldType.MONEY, b("Montante", "Amount"), required=False, rules=Rules(minimum=1)),
        field("born", FieldType.DATE, b("Data", "Date"), required=False, rules=Rules(past_only=True)),
        field("agree", FieldType.YES_NO, b("Concorda", "Agree"), required=False),
        field("where", FieldType.ADDRESS, b("Morada", "Address"), required=False),
        field("postcode", FieldType.POSTAL_CODE, b("CP", "Postcode"), required=False),
        field("count", FieldType.NUMBER, b("N", "N"), required=False, rules=Rules(minimum=1, maximum=9)),
        field("tags", FieldType.MULTIPLE_CHOICE, b("T", "T"), required=False, options=choices(("x", "X", "X"))),
    )
)


def codes(answers: dict[str, object]) -> dict[str, str]:
    return {error.field: error.code for error in validate_answers(FORM, answers).errors}


def test_conditions_follow_earlier_answers() -> None:
    assert codes({"kind": "a"}) == {}
    assert codes({"kind": "b"}) == {"details": "field.required"}
    assert codes({"kind": "a", "details": "should not be here"}) == {"details": "field.not_applicable"}
    assert validate_answers(FORM, {"kind": "b", "details": "  the   gate  "}).answers == {
        "kind": "b",
        "details": "the gate",
    }


def test_codes_are_normalised_the_way_people_type_them() -> None:
    outcome = validate_answers(
        FORM, {"kind": "a", "nif": "123 456 789", "amount": "12,5", "postcode": "1000001", "count": "3"}
    )
    assert outcome.errors == ()
    assert outcome.answers["nif"] == "123456789"
    assert outcome.answers["amount"] == "12.50"
    assert outcome.answers["postcode"] == "1000-001"
    assert outcome.answers["count"] == 3


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        ({"nif": "123456780"}, {"nif": "field.nif"}),
        ({"amount": "0.50"}, {"amount": "field.too_small"}),
        ({"amount": "1.234"}, {"amount": "field.money"}),
        ({"born": "2024-02-30"}, {"born": "field.date"}),
        ({"born": (dt.date.today() + dt.timedelta(days=2)).isoformat()}, {"born": "field.date_future"}),
        ({"agree": "yes"}, {"agree": "field.yes_no"}),
        (
            {"where": {"street": "Rua A", "postal_code": "0000-000", "locality": "X"}},
            {"where": "field.postal_code"},
        ),
        ({"where": {"street": "Rua A"}}, {"where": "field.address"}),
        ({"count": 10}, {"count": "field.too_large"}),
        ({"count": True}, {"count": "field.number"}),
        ({"tags": ["x", "y"]}, {"tags": "field.choices"}),
        ({"tags": "x"}, {"tags": "field.choices"}),
        ({"kind": 1}, {"kind": "field.choice"}),
    ],
)
def test_bad_answers_get_a_code(answers: dict[str, object], expected: dict[str, str]) -> None:
    assert codes({"kind": "a", **answers}) == expected


@given(
    st.dictionaries(
        st.text(max_size=8),
        st.one_of(
            st.none(),
            st.booleans(),
            st.integers(),
            st.text(),
            st.lists(st.text()),
            st.dictionaries(st.text(), st.text()),
        ),
    )
)
def test_validation_never_raises_on_any_json(answers: dict[str, object]) -> None:
    outcome = validate_answers(FORM, answers)
    assert set(outcome.answers) <= {f.id for f in FORM.fields}


def test_multibanco_vector_from_the_domain_notes() -> None:
    assert multibanco_reference("90150", "1231234", 43211) == "123123451"
    assert multibanco_check_digits("90150", "1231234", 43211) == "51"
    assert multibanco_reference_is_valid("90150", "123123451", 43211)
    assert not multibanco_reference_is_valid("90150", "123123451", 43210)
    with pytest.raises(ValueError, match="5 digits"):
        multibanco_check_digits("9015", "1231234", 1)


@given(st.from_regex(r"\d{7}", fullmatch=True), st.integers(min_value=0, max_value=99_999_999))
def test_multibanco_reference_is_mod97_of_the_whole_string(prefix: str, cents: int) -> None:
    reference = multibanco_reference("21800", prefix, cents)
    assert int(f"21800{prefix}{cents:08d}{reference[7:]}") % 97 == 1


def test_nif_check_digit() -> None:
    for valid in ("123456789", "501072977", "500745749"):
        assert nif_is_valid(valid)
    assert not nif_is_valid("123456788")
    assert not nif_is_valid("12345678")
    assert nif_is_valid(nif_with_check_digit("50999999"))


def test_demo_catalog_size_and_bilingual_content() -> None:
    assert len(LIFE_EVENTS) >= 8
    assert len(DEMO_SERVICES) >= 30
    assert len({service.code for service in DEMO_SERVICES}) == len(DEMO_SERVICES)
    known_events = {event.code for event in LIFE_EVENTS}
    known_themes = {theme.code for theme in THEMES}
    for service in DEMO_SERVICES:
        assert set(service.life_events) <= known_events, service.code
        assert set(service.themes) <= known_themes, service.code
        assert service.name.pt != service.name.en or service.code == "COMPANY-ON-THE-SPOT", service.code
        ids = [f.id for f in service.form.fields]
        assert len(ids) == len(set(ids)), service.code
        for position, form_field in enumerate(service.form.fields):
            if form_field.condition:
                assert form_field.condition.field in ids[:position], (service.code, form_field.id)
            assert form_field.label.pt
            assert form_field.label.en
    types = {f.type for service in DEMO_SERVICES for f in service.form.fields}
    assert types == set(FieldType)
