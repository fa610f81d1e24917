"""Life-event bundles without screens: the merge (a question several services ask is asked once, one that only
shares an id stays apart), the split back into one application per service with its own key, and, against the
embedded portal, the three services of "moving house" sent together with one receipt; a partial failure keeps
what was accepted and a re-send applies nothing twice."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from kiosk.client.models import ServiceDetail, Taxon
from kiosk.core import KioskCore
from kiosk.journey.bundle import Bundle
from kiosk.journey.journey import Step
from tests.conftest import pdf_text
from tests.core.test_core_submit import core, signed_in
from tests.journey.test_whole_catalog import valid_answer

__all__ = ["core"]  # the fixture, shared with tests/core/test_core_submit.py

EVENT = Taxon("test-event", "Test event", "", bundle=("A", "B"))


def spec(field_id: str, kind: str, **extra: Any) -> dict[str, Any]:
    return {"id": field_id, "type": kind, "label": field_id.capitalize(), "required": True, **extra}


def choice(field_id: str, *values: str, **extra: Any) -> dict[str, Any]:
    return spec(field_id, "single_choice", options=[{"value": v, "label": v.upper()} for v in values], **extra)


def service(code: str, fee_cents: int, *fields: dict[str, Any]) -> ServiceDetail:
    return ServiceDetail.from_json(
        {
            "code": code,
            "name": f"Service {code}",
            "fee": {"amount_cents": fee_cents, "display": ""},
            "assurance": "card",
            "form": {"fields": list(fields)},
        }
    )


A = service(
    "A",
    1000,
    spec("email", "email"),
    choice("purpose", "bank", "school"),
    spec("school_name", "text", condition={"field": "purpose", "equals": ["school"]}),
)
B = service(
    "B",
    250,
    spec("email", "email", required=False),
    choice("purpose", "work", "travel"),
    spec("days", "number"),
)


def test_a_question_with_the_same_meaning_is_asked_once() -> None:
    bundle = Bundle(EVENT, [A, B], language="en")
    ids = [item.id for item in bundle.journey.service.fields]
    assert ids == ["email", "purpose", "school_name", "B:purpose", "days"]
    assert bundle.shared == {"email"}
    assert bundle.journey.service.field("email").required  # required by one of them: asked as required
    assert bundle.journey.service.field("B:purpose").label == "Purpose (Service B)"
    assert bundle.question_count == 5  # instead of 3 + 3
    assert bundle.total_fee == Decimal("12.50")
    assert bundle.journey.fee_text("en") == "€12.50"
    assert bundle.journey.fee_text("pt") == "12,50 €"


def test_answers_are_split_back_and_conditions_follow_their_service() -> None:
    bundle = Bundle(EVENT, [A, B], language="en")
    journey = bundle.journey
    journey.begin()
    for raw in ("ana@example.pt", "school", "Escola 1", "travel", "3"):
        assert journey.answer(raw) == ()
    assert journey.step is Step.CHECK
    assert [row.field.id for row in journey.check_rows()] == [
        "email",
        "purpose",
        "school_name",
        "B:purpose",
        "days",
    ]
    first, second = bundle.applications()
    assert first.answers == {"email": "ana@example.pt", "purpose": "school", "school_name": "Escola 1"}
    assert second.answers == {"email": "ana@example.pt", "purpose": "travel", "days": 3}
    assert first.problems == second.problems == ()
    keys = {item.idempotency_key("s1") for item in (first, second)}
    assert len(keys) == 2  # one key per service
    assert first.idempotency_key("s1") == bundle.applications()[0].idempotency_key("s1")  # stable on re-send
    assert first.idempotency_key("s2") != first.idempotency_key("s1")


def test_a_bundle_needs_two_services_and_relabels_in_place() -> None:
    with pytest.raises(ValueError, match="two"):
        Bundle(EVENT, [A])
    bundle = Bundle(EVENT, [A, B], language="en")
    bundle.journey.begin()
    bundle.journey.answer("ana@example.pt")
    bundle.relabel([A, B], Taxon("test-event", "Evento de teste", "", bundle=("A", "B")))
    assert bundle.journey.service.name == "Evento de teste"
    assert bundle.journey.question is not None
    assert bundle.journey.question.field.id == "purpose"  # the answers and the place are kept
    with pytest.raises(ValueError, match="same services"):
        bundle.relabel([B, A], EVENT)


# --- against the embedded portal ---------------------------------------------------------------------------


async def load_bundle(core: KioskCore, event_code: str, language: str = "en") -> Bundle:
    client = core.portal
    assert client is not None
    [event] = [event for event in await client.life_events(language) if event.code == event_code]
    services = [await core.service(code, language) for code in event.bundle]
    return Bundle(event, services, language=language)


def walk(bundle: Bundle) -> None:
    journey = bundle.journey
    journey.begin()
    while journey.step is Step.QUESTION:
        question = journey.question
        assert question is not None
        assert journey.answer(valid_answer(question.field)) == (), question.field.id
    assert journey.step is Step.CHECK


@pytest.mark.parametrize("event", ["moving-house", "having-a-baby", "emigrating"])
async def test_the_portals_life_events_hold_three_services_each(core: KioskCore, event: str) -> None:
    bundle = await load_bundle(core, event)
    assert len(bundle.services) == 3
    separate = sum(len(service.fields) for service in bundle.services)
    assert bundle.question_count <= separate


async def test_moving_house_sent_together_with_one_receipt(core: KioskCore, spool_dir: Path) -> None:
    session = await signed_in(core)
    bundle = await load_bundle(core, "moving-house")
    assert "email" in bundle.shared  # the water contract and the family doctor both ask it: asked once
    walk(bundle)
    outcome = await core.bundles.submit(session, bundle, session.session_id, "en")
    assert [part.code for part in outcome.accepted] == ["ADDRESS-CHANGE", "WATER-CONTRACT", "FAMILY-DOCTOR"]
    assert outcome.failed == ()
    assert outcome.receipt_printed
    assert outcome.total == Decimal("25.00")  # the water contract's fee, paid once
    receipt = pdf_text(spool_dir / f"{outcome.accepted[0].reference}-receipt.pdf").replace(" ", "")
    for part in outcome.accepted:
        assert part.reference is not None
        assert part.reference.replace(" ", "") in receipt
    again = await core.bundles.submit(session, bundle, session.session_id, "en", paper=False)
    assert [part.reference for part in again.parts] == [
        part.reference for part in outcome.parts
    ]  # no duplicates


async def test_a_partial_failure_keeps_what_was_accepted(core: KioskCore) -> None:
    """Without card login, the free info sheet is accepted and the residence certificate refused."""
    event = Taxon("test", "Test", "", bundle=("INFO-SHEET", "RESIDENCE-CERT"))
    services = [await core.service(code, "en") for code in event.bundle]
    bundle = Bundle(event, services, language="en")
    walk(bundle)
    outcome = await core.bundles.submit(None, bundle, "visit-1", "en", paper=False)
    [accepted] = outcome.accepted
    [failed] = outcome.failed
    assert accepted.code == "INFO-SHEET"
    assert failed.code == "RESIDENCE-CERT"
    assert failed.status == "refused"
    assert failed.problem
    again = await core.bundles.submit(None, bundle, "visit-1", "en", paper=False)
    assert again.accepted[0].reference == accepted.reference


def test_moving_house_refuses_the_card_address_as_the_new_one() -> None:
    """The bundle holding the change of address uses the same check as the change alone: once the card's address
    is known (read with the address PIN), it is refused on the new-address page of the merged journey."""
    from kiosk.journey.address_change import CardAddressJourney
    from tests.journey.test_address_change import CARD_ADDRESS, NEW
    from tests.ui.questions_helpers import service as catalog_service

    event = Taxon("moving-house", "Moving house", "", bundle=("ADDRESS-CHANGE", "WATER-CONTRACT"))
    bundle = Bundle(event, [catalog_service("ADDRESS-CHANGE", "en"), catalog_service("WATER-CONTRACT", "en")])
    assert bundle.holds_address_change
    journey = bundle.journey
    assert isinstance(journey, CardAddressJourney)
    journey.know_address(CARD_ADDRESS)
    journey.begin()
    while journey.question is not None and journey.question.field.id != journey.new_address_field:
        assert journey.answer(valid_answer(journey.question.field)) == ()
    assert journey.question is not None, "the bundle asks the new address"
    [problem] = journey.answer({"street": "Avenida Almirante Reis 45, 3 esq", **_rest(CARD_ADDRESS)})
    assert problem.code == "field.same_address"
    assert journey.question is not None
    assert journey.question.field.id == journey.new_address_field  # still on the page
    assert journey.answer(NEW) == ()
    # Without the change of address nothing is compared, whatever the address.
    assert not Bundle(EVENT, [A, B]).holds_address_change
    assert Bundle(EVENT, [A, B]).journey.new_address_field == ""


def _rest(address: dict[str, str]) -> dict[str, str]:
    return {key: value for key, value in address.items() if key != "street"}
