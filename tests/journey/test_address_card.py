"""The change of address is for a Portuguese citizen card only (QA H4), without screens: which cards it is
offered to, a "moving house" bundle that leaves it out for a Belgian eID and still holds the rest (in both
languages, relabelled too), and the emulated Belgian card, which has no address PIN to give."""

from __future__ import annotations

import pytest

from kiosk.card.emulator.card import EmulatedCard
from kiosk.client.models import Taxon
from kiosk.journey.address_change import ADDRESS_CHANGE, offered_to_card
from kiosk.journey.bundle import Bundle
from kiosk.journey.journey import Step
from tests.ui.questions_helpers import service

MOVING = ("ADDRESS-CHANGE", "WATER-CONTRACT", "BULKY-WASTE")


def event(language: str) -> Taxon:
    return Taxon("moving-house", "Mudar de casa" if language == "pt" else "Moving house", "", bundle=MOVING)


@pytest.mark.parametrize(
    ("profile", "offered"), [("pt-cc1", True), ("pt-cc2", True), ("be-eid", False), (None, True)]
)
def test_the_change_of_address_is_offered_to_portuguese_cards_only(profile: str | None, offered: bool) -> None:
    assert offered_to_card(ADDRESS_CHANGE, profile) is offered
    assert offered_to_card("WATER-CONTRACT", profile)  # every other service, with any card


@pytest.mark.parametrize("language", ["pt", "en"])
def test_a_bundle_leaves_the_change_out_for_a_belgian_card_and_runs_the_rest(language: str) -> None:
    services = [service(code, language) for code in MOVING]
    bundle = Bundle(event(language), services, card_profile="be-eid", language=language)
    assert [item.code for item in bundle.services] == ["WATER-CONTRACT", "BULKY-WASTE"]
    assert [item.code for item in bundle.left_out] == [ADDRESS_CHANGE]
    assert not bundle.holds_address_change  # so no address PIN is asked
    assert bundle.journey.new_address_field == ""
    assert {application.service.code for application in bundle.applications()} == {
        "WATER-CONTRACT",
        "BULKY-WASTE",
    }
    bundle.journey.begin()
    assert bundle.journey.step is Step.QUESTION

    other = "en" if language == "pt" else "pt"
    bundle.relabel([service(code, other) for code in MOVING], event(other))  # the navigation's full list
    assert [item.code for item in bundle.services] == ["WATER-CONTRACT", "BULKY-WASTE"]
    assert bundle.left_out[0].name == service(ADDRESS_CHANGE, other).name


@pytest.mark.parametrize("profile", ["pt-cc1", "pt-cc2", None])
def test_a_bundle_keeps_the_change_for_a_citizen_card(profile: str | None) -> None:
    bundle = Bundle(event("en"), [service(code, "en") for code in MOVING], card_profile=profile)
    assert bundle.holds_address_change
    assert bundle.left_out == ()
    assert len(bundle.services) == 3


def apdu(card: EmulatedCard, text: str) -> tuple[bytes, int]:
    reply = card.process(bytes.fromhex(text))
    return reply[:-2], int.from_bytes(reply[-2:], "big")


def test_the_emulated_belgian_card_has_no_address_pin() -> None:
    card = EmulatedCard("be-eid", "elodie")
    # The Portuguese address PIN's reference (0x83) and any other but the Basic PIN (0x01): no such PIN.
    for reference in ("83", "02", "03"):
        assert apdu(card, f"002000{reference}")[1] == 0x6A88
        assert apdu(card, f"80EA00{reference}01")[1] == 0x6A88
    assert apdu(card, "00200001")[1] == 0x63C3  # the one PIN, three tries
    # The address file is read with no PIN at all.
    assert apdu(card, "00A4080C063F00DF014033")[1] == 0x9000
    data, status = apdu(card, "00B0000010")
    assert status == 0x9000
    assert data.startswith(b"\x01")  # tag 01: street and number
