"""A life-event bundle through the real app, headless with Pilot, in both languages: "moving house" chosen on
home, its start page (three services, the questions saved, pay once at the counter), card and PIN, the address
PIN once for the change of address (the card's address shown, then refused as the new one), every
question on its page (the email the water contract and the family doctor both need asked once), one check
page, then one screen with the three references and one receipt. Snapshots of the start page and of a partial
failure."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from kiosk.client.models import Taxon
from kiosk.config import Settings
from kiosk.journey.bundle import Bundle
from kiosk.services.bundles import BundleOutcome, BundlePart
from kiosk.services.models import PaymentInfo
from screens.app import KioskApp
from screens.citizen.address_change import CurrentAddressScreen
from screens.citizen.bundle_done import BundleDoneScreen
from screens.citizen.bundle_start import BundleStartScreen
from screens.citizen.card_reading import CardReadingScreen
from screens.citizen.check_answers import CheckAnswersScreen
from screens.citizen.home import HomeScreen
from screens.citizen.question import QuestionScreen
from screens.dialogs.pin import PinDialog
from tests.conftest import pdf_text
from tests.helpers import click, wait_until
from tests.journey.test_whole_catalog import valid_answer
from tests.ui.entry_helpers import StillKiosk
from tests.ui.journeys2_helpers import shown
from tests.ui.questions_helpers import service

WORDS = {"pt": ("Enviados: 3 de 3", "No balcão"), "en": ("Sent: 3 of 3", "At the counter")}
SAME_ADDRESS = {"pt": "já está no seu cartão", "en": "already on your card"}
CARD_ADDRESS = {"street": "Avenida Almirante Reis 45, 3 Esq", "postal_code": "1150-020", "locality": "Lisboa"}


async def answer_page(app: KioskApp, pilot: Pilot[Any], screen: QuestionScreen) -> str:
    """Give the page's field a valid answer through its widget, then Continue; the field's id."""
    question = screen.journey.question
    assert question is not None
    item = question.field
    value = valid_answer(item)
    if item.type == "address":
        assert isinstance(value, dict)
        for part, text in value.items():
            screen.query_one(f"#answer-{part}", Input).value = text
    elif item.type == "date":
        year, month, day = str(value).split("-")
        for part, text in (("day", day), ("month", month), ("year", year)):
            screen.query_one(f"#answer-{part}", Input).value = text
    elif item.type in ("single_choice", "multiple_choice"):
        await click(pilot, "#option-0")
    elif item.type == "yes_no":
        await click(pilot, "#answer-no")  # the water contract's paper bill: no, so it asks the email
    else:
        screen.query_one("#answer-input", Input).value = str(value)
    await click(pilot, "#continue")
    return item.id


def _problems(app: KioskApp) -> str:
    screen = app.screen
    question = screen.journey.question if isinstance(screen, QuestionScreen) else None
    return f"{question.field.id}: {question.problems}" if question is not None else type(screen).__name__


@pytest.mark.parametrize("language", ["pt", "en"])
async def test_moving_house_in_one_journey(demo_settings: Settings, spool_dir: Path, language: str) -> None:
    sent, counter = WORDS[language]
    app = KioskApp(demo_settings)
    try:
        async with app.run_test(size=(100, 36)) as pilot:
            await wait_until(pilot, lambda: app.portal_status_key == "attract.portal_ready", "the portal")
            if language != app.language:
                await click(pilot, "#language")
            await pilot.press("i")
            await wait_until(pilot, lambda: isinstance(app.screen, CardReadingScreen), "the card reading")
            await wait_until(pilot, lambda: app.screen.query_one("#reading-continue").display, "Continue")
            await click(pilot, "#reading-continue")
            await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen), "home")
            await click(pilot, "#topic-moving-house")
            await wait_until(
                pilot, lambda: app.screen.query_one("#bundle-start").display, "the bundle's button"
            )
            await click(pilot, "#bundle-start")

            await wait_until(
                pilot, lambda: isinstance(app.screen, BundleStartScreen), "the bundle's start page"
            )
            start = app.screen
            assert isinstance(start, BundleStartScreen)
            assert len(start.bundle.services) == 3
            await click(pilot, "#pay-counter")
            assert shown(app, "#pay-counter").startswith("▸")  # the choice marked by a sign, not colour alone
            assert counter in shown(app, "#pay-counter")
            await click(pilot, "#bundle-go")
            await wait_until(pilot, lambda: isinstance(app.screen, PinDialog), "the PIN")
            await pilot.press(*"1234", "enter")
            # The change of address is one of the three: its address PIN, asked once, as when it runs alone.
            await wait_until(
                pilot,
                lambda: isinstance(app.screen, PinDialog) and app.screen.tries.kind.value == "address",
                "the address PIN",
            )
            await pilot.press(*"0000", "enter")
            await wait_until(pilot, lambda: isinstance(app.screen, CurrentAddressScreen), "the card's address")
            assert "Almirante Reis" in shown(app, "#address-now")
            await click(pilot, "#address-continue")

            asked: list[str] = []
            refused = False
            while not isinstance(app.screen, CheckAnswersScreen):
                await wait_until(
                    pilot,
                    lambda: (
                        isinstance(app.screen, CheckAnswersScreen)
                        or (
                            isinstance(app.screen, QuestionScreen)
                            and app.screen.journey.question is not None
                            and app.screen.journey.question.field.id not in asked
                        )
                    ),
                    f"the page after {asked[-1:]} ({_problems(app)})",
                )
                screen = app.screen
                question = screen.journey.question if isinstance(screen, QuestionScreen) else None
                if question is not None and question.field.type == "address" and not refused:
                    # The address on the card is not a new address, inside the bundle as well.
                    for key, value in CARD_ADDRESS.items():
                        screen.query_one(f"#answer-{key}", Input).value = value
                    await click(pilot, "#continue")
                    summary = screen.query_one("#error-summary")
                    await wait_until(pilot, lambda s=summary: s.display, "the refusal")  # type: ignore[misc]
                    assert SAME_ADDRESS[language] in shown(app, "#inline-error")
                    refused = True
                if isinstance(screen, QuestionScreen):
                    asked.append(await answer_page(app, pilot, screen))
            assert asked.count("email") == 1  # two services need it: asked once
            assert refused
            await click(pilot, "#submit")

            await wait_until(pilot, lambda: isinstance(app.screen, BundleDoneScreen), "the references")
            done = app.screen
            assert isinstance(done, BundleDoneScreen)
            outcome = done.outcome
            assert shown(app, "#bundle-done-heading").startswith(sent)
            assert outcome.pay_at_counter
            assert outcome.total == Decimal("25.00")
            parts = shown(app, "#bundle-parts")
            receipt = pdf_text(spool_dir / f"{outcome.accepted[0].reference}-receipt.pdf").replace(" ", "")
            for part in outcome.parts:
                assert part.reference is not None
                assert part.reference in parts
                assert part.reference.replace(" ", "") in receipt
    finally:
        app.stop_services()


SIZES = [(80, 24), (120, 40)]


def sample_bundle(language: str) -> Bundle:
    event = Taxon("moving-house", "Mudar de casa" if language == "pt" else "Moving house", "")
    services = [service("ADDRESS-CHANGE", language), service("WATER-CONTRACT", language)]
    return Bundle(event, services, language=language)


@pytest.mark.parametrize("language", ["pt", "en"])
@pytest.mark.parametrize("size", SIZES)
def test_snapshot_bundle_start(snap_compare: Any, demo_settings: Settings, language: str, size: Any) -> None:
    async def before(pilot: Pilot[Any]) -> None:
        await pilot.app.push_screen(BundleStartScreen(sample_bundle(language)))
        await pilot.pause()

    app = StillKiosk(demo_settings)
    app.language = language
    assert snap_compare(app, terminal_size=size, run_before=before)


@pytest.mark.parametrize("language", ["pt", "en"])
@pytest.mark.parametrize("size", SIZES)
def test_snapshot_partial_failure(snap_compare: Any, demo_settings: Settings, language: str, size: Any) -> None:
    payment = PaymentInfo("21800", "123 456 789", Decimal("25.00"))
    outcome = BundleOutcome(
        "Moving house",
        (
            BundlePart("ADDRESS-CHANGE", "Change of address", "2026-ABCD-EFGH", "awaiting_confirmation"),
            BundlePart("WATER-CONTRACT", "Water contract", "2026-JKMN-PQRS", "awaiting_payment", payment),
            BundlePart("FAMILY-DOCTOR", "Family doctor", None, "needs-portal"),
        ),
        Decimal("25.00"),
        pay_at_counter=False,
        receipt_printed=True,
    )

    async def before(pilot: Pilot[Any]) -> None:
        await pilot.app.push_screen(BundleDoneScreen(outcome))
        await pilot.pause()

    app = StillKiosk(demo_settings)
    app.language = language
    assert snap_compare(app, terminal_size=size, run_before=before)
