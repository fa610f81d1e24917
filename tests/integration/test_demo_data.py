"""The demo people exist twice, on the emulated cards and in the portal's seed: they must agree."""

from __future__ import annotations

from kiosk.card.emulator.citizens import demo_citizens
from portal.checkdigits import nif_is_valid
from portal.content.demo_people import DEMO_PEOPLE


def test_every_card_citizen_is_a_portal_person_with_the_same_data() -> None:
    people = {person.key: person for person in DEMO_PEOPLE}
    citizens = demo_citizens()
    assert len(citizens) >= 6
    assert {citizen.profile for citizen in citizens} == {"pt-cc1", "pt-cc2", "be-eid"}
    for citizen in citizens:
        person = people[citizen.id]
        assert person.given_names == citizen.given_names
        assert person.surname == citizen.surname
        assert (person.tax_id or "") == citizen.tax_id  # Belgian cards carry no Portuguese NIF


def test_portuguese_tax_numbers_pass_their_check_digit() -> None:
    for person in DEMO_PEOPLE:
        if person.tax_id is not None:
            assert nif_is_valid(person.tax_id), person.key
