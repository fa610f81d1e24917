"""Cash for a payment group (a life-event bundle's one joint reference), headless, against the reference portal
under uvicorn: found by its typed reference or by the citizen's fees still due, offered in place of the fees it
pays, checked against the total, settled once with change, and one cash receipt listing every application."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.client.staff_cash import GroupDue, GroupItem
from kiosk.core import KioskCore
from kiosk.counter.cash import DueGroup, DuePayment, cash_choices, group_reference
from kiosk.counter.typed import TypedWrong
from kiosk.i18n import text
from tests.conftest import pdf_text
from tests.counter.test_staff_tasks import core
from tests.portal.conftest import RunningPortal
from tests.portal.test_payment_groups import fee
from tests.portal.test_staff_group_cash import bundle

CLERK = ("clerk", "demo-clerk-password")
__all__ = ["core"]  # a fixture, used by name


def due(reference: str, cents: int) -> DuePayment:
    return DuePayment(reference, "BIRTH-CERT", "21500", "123456789", cents)


def joint(group_id: str, *members: tuple[str, int], status: str = "pending") -> GroupDue:
    items = tuple(
        GroupItem(reference, "BIRTH-CERT", "Birth certificate", cents) for reference, cents in members
    )
    return GroupDue(group_id, "21500", "987654321", sum(cents for _, cents in members), status, items)


def test_a_group_is_offered_in_place_of_the_fees_it_pays() -> None:
    first, second, alone = due("A-1", 1000), due("A-2", 2500), due("A-3", 700)
    bundle = joint("g1", ("A-1", 1000), ("A-2", 2500))
    paid = joint("g0", ("A-3", 700), status="paid")
    choices = cash_choices([first, second, alone], [bundle, paid])
    assert choices == [DueGroup(bundle), alone], "a fee a pending group pays is never offered on its own"
    offered = choices[0]
    assert isinstance(offered, DueGroup)
    assert (offered.due_cents, offered.due_words("pt"), offered.reference) == (3500, "35,00 €", "987 654 321")
    assert offered.due_words("en") == "€35.00"
    assert offered.lines("pt") == [
        ("A-1", "Birth certificate", "10,00 €"),
        ("A-2", "Birth certificate", "25,00 €"),
    ]
    assert offered.lines("en")[1] == ("A-2", "Birth certificate", "€25.00")
    assert first.due_words("en") == "€10.00", "a single fee too, not the portal's Portuguese display text"
    assert cash_choices([first], []) == [first]


@pytest.mark.parametrize(("typed", "digits"), [("123 456 789", "123456789"), (" 123456789 ", "123456789")])
def test_a_joint_reference_is_read_as_typed(typed: str, digits: str) -> None:
    assert group_reference(typed) == digits


@pytest.mark.parametrize(
    ("typed", "key"),
    [("", "counter.typed.group_reference_empty"), ("12345", "counter.typed.group_reference_shape")],
)
def test_a_wrong_joint_reference_is_said_plainly(typed: str, key: str) -> None:
    with pytest.raises(TypedWrong) as wrong:
        group_reference(typed)
    assert wrong.value.key == key
    for language in ("pt", "en"):
        assert "123 456 789" in text(language, key, **wrong.value.values)


def a_bundle(portal: RunningPortal, citizen: str) -> tuple[list[str], int, str]:
    """A bundle the citizen made at a kiosk: its applications' references, its total and its joint reference."""
    made, joint = bundle(portal, citizen)
    return [str(application["reference"]) for application in made], sum(map(fee, made)), str(joint["reference"])


async def test_a_bundle_is_found_paid_once_with_change_and_one_receipt(
    core: KioskCore, shared_portal: RunningPortal, spool_dir: Path
) -> None:
    references, total, joint_reference = a_bundle(shared_portal, "joao")
    counter = core.counter
    await counter.sign_in(*CLERK, "en")

    [by_reference] = await counter.payment_groups(joint_reference, (), "en")
    [by_fee] = await counter.payment_groups(None, (due(references[1], 0),), "en")  # found by the application
    assert by_reference == by_fee
    assert by_reference.amount_cents == total
    assert [item.application_reference for item in by_reference.items] == references
    assert await counter.payment_groups("000000000", (), "en") == []

    with pytest.raises(TypedWrong) as short:
        await counter.take_group_cash(by_reference, total - 1, "en")  # refused before anything is sent
    assert short.value.key == "counter.typed.amount_short"

    settled = await counter.take_group_cash(by_reference, total + 1000, "en")
    assert (settled.amount_cents, settled.tendered_cents, settled.change_cents) == (total, total + 1000, 1000)
    assert [line.application_reference for line in settled.lines] == references
    assert all(application.status == "completed" for application in settled.applications)
    assert await counter.payment_groups(joint_reference, (), "en") == [], "a paid bundle is not offered"

    assert counter.print_group_receipt(settled, core.printer, "en")
    [receipt] = [path for path in spool_dir.iterdir() if "cash-receipt" in path.name]
    paper = " ".join(pdf_text(receipt).split())
    for reference in references:
        assert reference in paper
    assert "Change: €10.00" in paper
    printed = counter.print_settled_documents(settled, core.paper, "en")
    assert printed == sum(len(application.documents) for application in settled.applications) >= 2
