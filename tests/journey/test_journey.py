"""The headless journey: pages in order, conditions, back and change, card prefill, check answers, keys."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest

from kiosk.card.identity import Address
from kiosk.client.models import ServiceDetail
from kiosk.journey import CheckRow, Journey, Step, card_values
from kiosk.journey.journey import address_answer
from tests.journey.validation_cases import spec

CONTRACT_CARD_KEYS = {
    "given_names",
    "surname",
    "full_name",
    "birth_date",
    "nationality",
    "civil_id",
    "tax_id",
    "social_security_id",
    "health_id",
    "document_number",
    "address",
}


def service(
    *fields: dict[str, Any], code: str = "TEST", fee_cents: int = 0, label_suffix: str = ""
) -> ServiceDetail:
    for definition in fields:
        definition["label"] += label_suffix
    return ServiceDetail.from_json(
        {
            "code": code,
            "name": "Test service" + label_suffix,
            "summary": "",
            "fee": {"amount_cents": fee_cents, "display": f"{fee_cents / 100:.2f} €".replace(".", ",")},
            "form": {"fields": list(fields)},
        }
    )


def with_card(definition: dict[str, Any], key: str) -> dict[str, Any]:
    return {**definition, "from_card": key}


def everything(label_suffix: str = "") -> ServiceDetail:
    """One field of each type, a condition on a choice and one on yes/no, and a NIF the card answers."""
    return service(
        spec("whose", "single_choice", options=("self", "child")),
        spec("child_name", "text", condition=("whose", ("child",)), min_length=3),
        spec("born", "date", past_only=True),
        spec("stolen", "yes_no"),
        spec("report", "text", condition=("stolen", (True,))),
        spec("notify", "multiple_choice", required=False, options=("tax", "health")),
        spec("children", "number", minimum="1"),
        spec("income", "money"),
        spec("story", "long_text", required=False),
        spec("home", "address"),
        with_card(spec("nif", "nif"), "tax_id"),
        spec("postal", "postal_code"),
        spec("email", "email"),
        spec("phone", "phone", required=False),
        fee_cents=1250,
        label_suffix=label_suffix,
    )


HOME = {"street": "Rua Augusta 1", "postal_code": "1100-048", "locality": "Lisboa"}
ANSWERS: dict[str, object] = {
    "whose": "self",
    "born": "1985-03-15",
    "stolen": False,
    "notify": ["health", "tax"],
    "children": "2",
    "income": "1234,5",
    "story": "",
    "home": HOME,
    "postal": "1000001",
    "email": "ana@example.pt",
    "phone": "",
}


def walk(journey: Journey, answers: dict[str, object]) -> list[str]:
    """Answer every page from the current one until CHECK; return the ids of the pages seen."""
    seen: list[str] = []
    while journey.step is Step.QUESTION:
        question = journey.question
        assert question is not None
        seen.append(question.field.id)
        assert journey.answer(answers[question.field.id]) == ()
    return seen


def step_of(journey: Journey) -> Step:
    """The step, read through a call so the type checker does not keep it from an earlier assert."""
    return journey.step


def rows(journey: Journey) -> dict[str, CheckRow]:
    return {row.field.id: row for row in journey.check_rows()}


def test_the_card_answers_its_field_and_the_rest_is_asked_one_per_page() -> None:
    journey = Journey(everything(), card_values={"tax_id": "123456789"}, language="en")
    assert step_of(journey) is Step.START
    assert journey.question is None
    journey.begin()
    first = journey.question
    assert first is not None
    assert (first.field.id, first.number, first.total, first.value) == (
        "whose",
        1,
        11,
        None,
    )
    assert walk(journey, ANSWERS) == [
        "whose", "born", "stolen", "notify", "children", "income", "story", "home", "postal", "email", "phone",
    ]  # fmt: skip
    assert step_of(journey) is Step.CHECK
    assert journey.submission_answers() == {
        "whose": "self",
        "born": "1985-03-15",
        "stolen": False,
        "notify": ["tax", "health"],
        "children": 2,
        "income": "1234.50",
        "home": {**HOME, "country": "PT"},
        "nif": "123456789",
        "postal": "1000-001",
        "email": "ana@example.pt",
    }
    assert journey.problems() == ()


def test_check_answers_reads_as_words_and_marks_the_card() -> None:
    journey = Journey(everything(), card_values={"tax_id": "123456789"}, language="en")
    journey.begin()
    walk(journey, ANSWERS)
    shown = {field_id: row.shown for field_id, row in rows(journey).items()}
    assert shown == {
        "whose": "SELF",
        "born": "15/03/1985",
        "stolen": "No",
        "notify": "TAX, HEALTH",
        "children": "2",
        "income": "€1,234.50",
        "story": "Not given",
        "home": "Rua Augusta 1, 1100-048 Lisboa",
        "nif": "123456789",
        "postal": "1000-001",
        "email": "ana@example.pt",
        "phone": "Not given",
    }
    assert [field_id for field_id, row in rows(journey).items() if row.from_card] == ["nif"]
    journey.language = "pt"
    assert rows(journey)["stolen"].shown == "Não"
    assert rows(journey)["income"].shown == "1 234,50 €"
    assert journey.fee_text("pt") == "12,50 €"
    assert journey.fee_text("en") == "€12.50"


def test_a_refused_answer_stays_on_its_page_with_the_problem_and_what_was_typed() -> None:
    journey = Journey(everything(), language="en")
    journey.begin()
    journey.answer("self")
    problems = journey.answer(dt.date.today().replace(year=dt.date.today().year + 1).isoformat())
    assert [problem.code for problem in problems] == ["field.date_future"]
    question = journey.question
    assert question is not None
    assert question.field.id == "born"
    assert question.problems == problems
    assert problems[0].message("en") == "Enter a date in the past"
    assert journey.answer("1985-03-15") == ()
    assert journey.question is not None
    assert journey.question.problems == ()


def test_a_condition_adds_a_page_and_drops_its_answer_when_it_no_longer_applies() -> None:
    journey = Journey(everything(), card_values={"tax_id": "123456789"})
    journey.begin()
    journey.answer("child")
    question = journey.question
    assert question is not None
    assert (question.field.id, question.number, question.total) == (
        "child_name",
        2,
        12,
    )
    walk(journey, {**ANSWERS, "child_name": "Rui Costa", "stolen": True, "report": "PSP 42"})
    assert journey.submission_answers()["child_name"] == "Rui Costa"
    assert journey.submission_answers()["report"] == "PSP 42"

    journey.change("whose")
    journey.answer("self")
    assert step_of(journey) is Step.CHECK
    assert "child_name" not in journey.submission_answers()
    assert "child_name" not in rows(journey)
    assert journey.problems() == ()

    journey.change("whose")
    journey.answer("child")  # the name typed earlier comes back: it was kept in memory
    assert step_of(journey) is Step.CHECK
    assert journey.submission_answers()["child_name"] == "Rui Costa"


def test_changing_an_answer_asks_a_page_never_seen_before_returning_to_check() -> None:
    journey = Journey(everything(), card_values={"tax_id": "123456789"})
    journey.begin()
    walk(journey, ANSWERS)
    journey.change("stolen")
    journey.answer(True)
    question = journey.question
    assert question is not None
    assert question.field.id == "report"
    journey.answer("PSP 42")
    assert step_of(journey) is Step.CHECK
    assert rows(journey)["report"].shown == "PSP 42"


def test_back_keeps_answers_and_leads_to_the_start() -> None:
    journey = Journey(everything(), card_values={"tax_id": "123456789"})
    journey.begin()
    walk(journey, ANSWERS)
    journey.back()  # from check to the last page asked
    question = journey.question
    assert question is not None
    assert (question.field.id, question.value) == ("phone", "")
    journey.back()
    journey.back()
    question = journey.question
    assert question is not None
    assert (question.field.id, question.value) == ("postal", "1000001")
    for _ in range(8):
        journey.back()
    question = journey.question
    assert question is not None
    assert (question.field.id, question.value, question.number) == ("whose", "self", 1)
    journey.back()
    assert step_of(journey) is Step.START
    journey.begin()
    assert walk(journey, ANSWERS)[-1] == "phone"
    assert journey.problems() == ()


def test_a_page_opened_from_check_goes_back_there() -> None:
    journey = Journey(everything(), card_values={"tax_id": "123456789"})
    journey.begin()
    walk(journey, ANSWERS)
    journey.change("email")
    question = journey.question
    assert question is not None
    assert question.value == "ana@example.pt"
    journey.back()
    assert step_of(journey) is Step.CHECK
    journey.change("email")
    journey.answer("rui@example.pt")
    assert step_of(journey) is Step.CHECK
    assert journey.submission_answers()["email"] == "rui@example.pt"


def test_the_card_field_cannot_be_changed_and_unasked_fields_cannot_be_opened() -> None:
    journey = Journey(everything(), card_values={"tax_id": "123456789"})
    journey.begin()
    walk(journey, ANSWERS)
    with pytest.raises(ValueError, match="card"):
        journey.change("nif")
    with pytest.raises(ValueError, match="not asked"):
        journey.change("report")


def test_a_card_value_the_form_refuses_is_asked_instead() -> None:
    journey = Journey(everything(), card_values={"tax_id": "123456780"})  # wrong check digit
    journey.begin()
    pages = walk(journey, {**ANSWERS, "nif": "123 456 789"})
    assert "nif" in pages
    assert not rows(journey)["nif"].from_card
    assert journey.submission_answers()["nif"] == "123456789"


def test_nothing_to_ask_goes_straight_to_check_and_finishes() -> None:
    only_card = service(with_card(spec("born", "date", past_only=True), "birth_date"))
    journey = Journey(only_card, card_values={"birth_date": dt.date(1985, 3, 15)})
    journey.begin()
    assert step_of(journey) is Step.CHECK
    assert journey.check_rows() == [CheckRow(only_card.fields[0], "15/03/1985", from_card=True)]
    assert journey.submission_answers() == {"born": "1985-03-15"}
    journey.back()
    assert step_of(journey) is Step.START
    journey.begin()
    journey.finish()
    assert step_of(journey) is Step.DONE
    assert Journey(service()).fee is None
    assert Journey(service(), language="en").fee_text("en") == "Free"
    assert Journey(service(), language="en").fee_text("pt") == "Gratuito"


def test_relabel_keeps_answers_and_position_and_refuses_another_service() -> None:
    journey = Journey(everything(), card_values={"tax_id": "123456789"}, language="pt")
    journey.begin()
    journey.answer("self")
    journey.answer("1985-03-15")
    journey.relabel(everything(label_suffix=" (EN)"))
    journey.language = "en"
    question = journey.question
    assert question is not None
    assert question.field.label == "Stolen (EN)"
    assert question.number == 3
    journey.back()
    question = journey.question
    assert question is not None
    assert (question.field.label, question.value) == ("Born (EN)", "1985-03-15")
    with pytest.raises(ValueError, match="same service"):
        journey.relabel(service(code="OTHER"))


def test_the_idempotency_key_follows_the_answers_and_the_session() -> None:
    journey = Journey(everything(), card_values={"tax_id": "123456789"})
    journey.begin()
    walk(journey, ANSWERS)
    key = journey.idempotency_key("session-1")
    assert re.fullmatch(r"[\x21-\x7e]{8,128}", key), "the portal's Idempotency-Key syntax"
    assert journey.idempotency_key("session-1") == key
    assert journey.idempotency_key("session-2") != key

    again = Journey(everything(), card_values={"tax_id": "123456789"})
    again.begin()
    walk(again, {**ANSWERS, "email": "  ana@example.pt "})  # the same answer once normalised
    assert again.idempotency_key("session-1") == key

    journey.change("email")
    journey.answer("rui@example.pt")
    assert journey.idempotency_key("session-1") != key


def test_card_values_come_from_the_identity_and_the_address_on_the_card() -> None:
    from kiosk.card.session import CardSession
    from kiosk.card.simulated import SimulatedReader

    reader = SimulatedReader()
    reader.insert("maria")
    session = CardSession.open(reader.transport())
    try:
        identity = session.read_identity()
    finally:
        session.close()
    address = Address(
        country="PT",
        lines=("Rua Augusta 1, 2 Esq", "Baixa", "1100-048 Lisboa"),
        postal_code="1100-048",
        locality="Lisboa",
    )
    values = card_values(identity, address)
    assert set(values) <= CONTRACT_CARD_KEYS
    assert values["tax_id"] == identity.tax_id
    assert values["full_name"] == identity.full_name()
    assert identity.birth_date is not None
    assert values["birth_date"] == identity.birth_date.isoformat()
    assert values["address"] == {
        "street": "Rua Augusta 1, 2 Esq, Baixa",
        "postal_code": "1100-048",
        "locality": "Lisboa",
        "country": "PT",
    }
    assert address_answer(Address(country="BE", lines=("Rue Neuve 1",))) is None


def test_the_demo_catalog_names_only_card_keys_of_the_contract() -> None:
    from portal.content import DEMO_SERVICES

    named = {field.from_card for item in DEMO_SERVICES for field in item.form.fields if field.from_card}
    assert named
    assert named <= CONTRACT_CARD_KEYS
