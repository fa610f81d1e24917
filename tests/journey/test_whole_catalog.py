"""Every service of the demo catalog, read from the running portal, walked to check-your-answers by a Journey
with valid answers; the portal then takes each submission. Proves kiosk and portal agree on every form."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from decimal import Decimal

import httpx
import pytest

from kiosk.card.identity import Identity
from kiosk.client.models import FormField, ServiceDetail
from kiosk.embedded import EmbeddedPortal
from kiosk.journey import Journey, Step, card_values
from portal.content.demo_people import DEMO_COMPANY_NIPC
from tests.portal.sessions import card_answer

CITIZEN = "maria"
# A valid answer for each text pattern of the demo forms; a new pattern fails loudly here.
PATTERN_ANSWERS = {
    r"\d{7,8}": "1234567",
    r"[A-Z]{1,2}\d{6,8}": "L1234567",
    r"[A-Z0-9]{6}": "AA11BB",
    r"PT50\d{21}": "PT50000201231234567890154",
    r"[A-Z0-9]{5,20}": "X1234567",
    r"\d{5}": "62010",
    r"[5-9]\d{8}": DEMO_COMPANY_NIPC,  # the portal also checks that the company exists
}
ADDRESS = {"street": "Rua Augusta 1", "postal_code": "1100-048", "locality": "Lisboa"}


def valid_answer(field: FormField) -> object:
    """An answer the field must accept (the first option of a choice, the lowest bound of a number)."""
    rules = field.rules
    if field.type in ("text", "long_text"):
        if rules.pattern:
            assert rules.pattern in PATTERN_ANSWERS, f"no test answer for the pattern {rules.pattern}"
            return PATTERN_ANSWERS[rules.pattern]
        return "Resposta de teste"[: rules.max_length or None].ljust(rules.min_length or 0, "x")
    if field.id == "share_capital":
        return "5000"  # at least 1 € per partner: a rule across fields (portal/companies.py)
    if field.type in ("number", "money"):
        low = max(rules.minimum if rules.minimum is not None else Decimal(1), Decimal(1))
        return str(low if rules.maximum is None else min(low, rules.maximum))
    simple = {
        "date": "2020-01-15",
        "yes_no": True,
        "address": ADDRESS,
        "nif": "123456789",
        "postal_code": "1000-001",
        "email": "ana@example.pt",
        "phone": "912345678",
        # maria (the citizen applying) and a second partner: the first legal form (lda) takes two or more
        "partners": [{"nif": "123456789", "share": "50"}, {"nif": "500000000", "share": "50"}],
    }
    if field.type == "single_choice":
        return field.options[0].value
    if field.type == "multiple_choice":
        return [field.options[0].value]
    return simple[field.type]


def read_card(citizen: str) -> Identity:
    from kiosk.card.session import CardSession
    from kiosk.card.simulated import SimulatedReader

    reader = SimulatedReader()
    reader.insert(citizen)
    session = CardSession.open(reader.transport())
    try:
        return session.read_identity()
    finally:
        session.close()


@pytest.fixture
def kiosk(running_portal: tuple[EmbeddedPortal, str]) -> Iterator[httpx.Client]:
    portal, token = running_portal
    headers = {"Authorization": f"Bearer {token}", "Accept-Language": "en"}
    with httpx.Client(base_url=portal.url, headers=headers, timeout=20.0) as client:
        yield client


def citizen_token(client: httpx.Client) -> str:
    """Sign the citizen in with the emulated card, as the kiosk does before a card-and-PIN service."""
    issued = client.post("/v1/auth/citizen/challenge")
    assert issued.status_code == 201, issued.text
    answer = card_answer(CITIZEN, base64.b64decode(issued.json()["challenge"]))
    session = client.post(
        "/v1/auth/citizen/session", json={"challenge_id": issued.json()["challenge_id"], **answer}
    )
    assert session.status_code == 201, session.text
    return str(session.json()["session_token"])


def test_every_demo_service_is_walked_by_the_kiosk_and_taken_by_the_portal(kiosk: httpx.Client) -> None:
    codes = [item["code"] for item in kiosk.get("/v1/catalog/services").json()]
    assert len(codes) >= 34
    values = card_values(read_card(CITIZEN))
    token = citizen_token(kiosk)
    prefilled = 0
    for code in codes:
        detail = kiosk.get(f"/v1/catalog/services/{code}")
        assert detail.status_code == 200, detail.text
        service = ServiceDetail.from_json(detail.json())
        assert service.start_page is not None, code
        assert service.start_page.what_it_does, code
        journey = Journey(service, card_values=values, language="en")
        journey.begin()
        while journey.step is Step.QUESTION:
            question = journey.question
            assert question is not None
            problems = journey.answer(valid_answer(question.field))
            assert problems == (), (code, question.field.id, problems)
        assert journey.step is Step.CHECK, code
        assert journey.problems() == (), code
        prefilled += sum(row.from_card for row in journey.check_rows())
        headers = {"Idempotency-Key": journey.idempotency_key("walk-session")}
        if service.summary.assurance == "card":
            headers["X-Session-Token"] = token
        body = {"service_code": code, "answers": journey.submission_answers()}
        response = kiosk.post("/v1/applications", json=body, headers=headers)
        assert response.status_code in (200, 201), (code, response.text)
        journey.finish()
    assert prefilled >= 3, "the card answered the marked fields (NIFs, name, birth date...)"


def test_a_resent_submission_keeps_its_key_and_a_changed_one_gets_another(kiosk: httpx.Client) -> None:
    detail = kiosk.get("/v1/catalog/services/REPORT-PROBLEM").json()
    journey = Journey(ServiceDetail.from_json(detail), language="en")
    journey.begin()
    while journey.step is Step.QUESTION:
        question = journey.question
        assert question is not None
        assert journey.answer(valid_answer(question.field)) == ()

    def send() -> httpx.Response:
        body = {"service_code": "REPORT-PROBLEM", "answers": journey.submission_answers()}
        return kiosk.post(
            "/v1/applications", json=body, headers={"Idempotency-Key": journey.idempotency_key("s")}
        )

    first = send()
    again = send()
    assert first.status_code == 201, first.text
    assert again.json()["reference"] == first.json()["reference"]
    journey.change("location")
    journey.answer("Rua do Ouro 10, em frente à farmácia")
    changed = send()
    assert changed.status_code == 201, changed.text
    assert changed.json()["reference"] != first.json()["reference"]
