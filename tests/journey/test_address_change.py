"""The change of address without screens: the card's address is not taken as a new one, the bodies told are
named, and the portal's refusals of a confirmation code become plain outcomes."""

from __future__ import annotations

import pytest

from kiosk.journey.address_change import AddressChangeJourney, CodeOutcome
from kiosk.journey.journey import Step
from tests.ui.questions_helpers import service

CARD_ADDRESS = {
    "street": "Avenida Almirante Reis 45, 3 Esq",
    "postal_code": "1150-019",
    "locality": "Lisboa",
    "country": "PT",
}
NEW = {"street": "Rua das Flores 12", "postal_code": "4050-262", "locality": "Porto"}


def journey(language: str = "en") -> AddressChangeJourney:
    change = AddressChangeJourney(
        service("ADDRESS-CHANGE", language), current_address=CARD_ADDRESS, language=language
    )
    change.begin()
    return change


def test_the_address_on_the_card_is_not_a_new_address() -> None:
    change = journey()
    assert change.current_line == "Avenida Almirante Reis 45, 3 Esq, 1150-019 Lisboa"
    same = {"street": " avenida almirante  reis 45, 3 esq", "postal_code": "1150-019", "locality": "LISBOA"}
    [problem] = change.answer(same)
    assert problem.code == "field.same_address"
    assert "already on your card" in problem.message("en")
    assert "já está no seu cartão" in problem.message("pt")
    assert change.question is not None
    assert change.question.field.id == "new_address"  # still on the page, with what was typed
    assert change.question.value == same
    assert change.answer(NEW) == ()
    assert change.question is not None
    assert change.question.field.id == "moved_on"


def test_postal_code_and_locality_are_checked_on_the_page() -> None:
    change = journey()
    [problem] = change.answer({**NEW, "postal_code": "4050"})
    assert problem.code == "field.postal_code"
    [problem] = change.answer({**NEW, "locality": "4050-262"})
    assert problem.code == "field.locality"
    assert "no numbers" in problem.message("en")


def test_the_bodies_told_are_the_ones_chosen() -> None:
    change = journey("pt")
    change.answer(NEW)
    change.answer("2024-01-02")
    change.answer(["health", "tax"])
    assert change.step is Step.CHECK
    assert change.bodies_told() == ["Finanças", "Serviço Nacional de Saúde"]
    assert change.fee is None  # the change itself is free


def test_without_the_card_address_any_valid_address_goes() -> None:
    change = AddressChangeJourney(service("ADDRESS-CHANGE", "en"), current_address=None)
    change.begin()
    assert change.current_line == ""
    assert change.answer({**CARD_ADDRESS}) == ()


def test_only_for_the_change_of_address() -> None:
    with pytest.raises(ValueError, match="ADDRESS-CHANGE"):
        AddressChangeJourney(service("RESIDENCE-CERT", "en"), current_address=None)


@pytest.mark.parametrize(
    ("status", "problem", "expected"),
    [
        (422, {"tries_left": 2, "type": "https://x/invalid-answers"}, CodeOutcome(done=False, tries_left=2)),
        (409, {"tries_left": 0, "type": "https://x/confirmation-blocked"}, CodeOutcome(False, 0, blocked=True)),
        (409, {"type": "https://x/conflict"}, CodeOutcome(done=False, not_waiting=True)),
        (422, {}, CodeOutcome(done=False)),
    ],
)
def test_code_outcomes_from_the_portals_problems(
    status: int, problem: dict[str, object], expected: CodeOutcome
) -> None:
    assert CodeOutcome.from_problem(status, problem) == expected
