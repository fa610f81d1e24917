"""Every amount a citizen reads is written in the screen's language, from the amount, and again after a switch.

The portal's display texts are Portuguese only ("25,00 €" in its English answers too), so an English screen
that showed them read "Fee: 25,00 €". Here each citizen page that shows money (the service list's rows, a
service's start page, check your answers, a bundle's start page, the confirmation with its Multibanco
payment and next steps, a bundle's payment lines) is shown in one language, then switched to the other: English
writes "€25.00", Portuguese "25,00 €", and never the other way.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from kiosk.client.models import ServiceSummary
from kiosk.config import Settings
from kiosk.embedded import EmbeddedPortal
from kiosk.journey.journey import Journey
from kiosk.services.bundles import BundleOutcome, BundlePart, receipt_lines
from kiosk.services.models import PaymentInfo
from screens.app import KioskApp
from screens.citizen.bundle_done import BundleDoneScreen
from screens.citizen.bundle_start import BundleStartScreen
from screens.citizen.confirmation import ConfirmationScreen
from screens.widgets.service_list import ServiceButton
from tests.helpers import wait_until
from tests.ui.entry_helpers import StillKiosk, shown
from tests.ui.questions_helpers import PageDriver, service
from tests.ui.test_browse_screens import browse_app, open_home, open_start
from tests.ui.test_journeys2_bundle import sample_bundle
from tests.ui.test_questions_pages import ADDRESS, CARD, confirmation

OTHER = {"pt": "en", "en": "pt"}
WATER = {"pt": "25,00 €", "en": "€25.00"}
"""The water contract's fee (2500 cents in the saved definitions), as each language writes it."""
SWITCHES = pytest.mark.parametrize("language", ["pt", "en"])


def written(amount: Decimal, language: str) -> str:
    """How the language writes an amount below a thousand euros, spelled out here rather than by kiosk.money."""
    cents = f"{amount:.2f}"
    return f"€{cents}" if language == "en" else cents.replace(".", ",") + " €"


@pytest.fixture
def portal(running_portal: tuple[EmbeddedPortal, str]) -> tuple[str, str]:
    embedded, token = running_portal
    return embedded.url, token


def still(settings: Settings, language: str) -> StillKiosk:
    app = StillKiosk(settings)
    app.language = language
    return app


def row_of(app: KioskApp, paid: ServiceSummary) -> str:
    return str(app.screen.query_one(f"#service-{paid.code}", ServiceButton).label)


@SWITCHES
async def test_service_list_rows_write_each_fee_in_the_screens_language(
    demo_settings: Settings,
    portal: tuple[str, str],
    language: str,
) -> None:
    app = browse_app(demo_settings, portal, language)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_home(pilot, app)
        paid = [button.service for button in app.screen.query(ServiceButton) if button.service.fee]
        assert paid, "the demo catalog has services with a fee"
        for summary in paid:
            assert summary.fee is not None
            assert written(summary.fee, language) in row_of(app, summary)
            assert written(summary.fee, OTHER[language]) not in row_of(app, summary)
        await pilot.press("f2")
        first = paid[0]
        assert first.fee is not None
        await wait_until(
            pilot, lambda: written(first.fee or Decimal(0), OTHER[language]) in row_of(app, first), "the switch"
        )
        for summary in paid:
            assert summary.fee is not None
            assert written(summary.fee, OTHER[language]) in row_of(app, summary)


@SWITCHES
async def test_start_page_writes_the_fee_in_the_screens_language(
    demo_settings: Settings,
    portal: tuple[str, str],
    language: str,
) -> None:
    app = browse_app(demo_settings, portal, language)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_start(pilot, app, "WATER-CONTRACT", [])
        details = str(screen.query_one("#details").render())
        assert WATER[language] in details
        assert WATER[OTHER[language]] not in details
        await pilot.press("f2")
        await wait_until(pilot, lambda: screen.shown_language == OTHER[language], "the page relabelled")
        details = str(screen.query_one("#details").render())
        assert WATER[OTHER[language]] in details
        assert WATER[language] not in details


@SWITCHES
async def test_check_answers_writes_the_fee_in_the_screens_language(
    demo_settings: Settings, language: str
) -> None:
    journey = Journey(service("WATER-CONTRACT", language), card_values=CARD, language=language)
    journey.begin()
    for raw in (ADDRESS, "3", True):
        assert journey.answer(raw) == ()
    app = still(demo_settings, language)
    async with app.run_test(size=(120, 40)) as pilot:
        PageDriver(app, journey).show()
        await pilot.pause()
        assert WATER[language] in shown(app, "#fee")
        # The screen's texts follow at once, before the navigation has relabelled the journey.
        app.language = OTHER[language]
        await pilot.pause()
        assert WATER[OTHER[language]] in shown(app, "#fee")
        assert WATER[language] not in shown(app, "#fee")


@SWITCHES
async def test_bundle_start_writes_the_total_in_the_screens_language(
    demo_settings: Settings, language: str
) -> None:
    """The bundle's journey is not yet the navigation's on this page: a switch leaves no total behind."""
    app = still(demo_settings, language)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.push_screen(BundleStartScreen(sample_bundle(language)))
        await pilot.pause()
        assert WATER[language] in shown(app, "#bundle-fee")
        app.language = OTHER[language]
        await pilot.pause()
        assert WATER[OTHER[language]] in shown(app, "#bundle-fee")
        assert WATER[language] not in shown(app, "#bundle-fee")


@SWITCHES
async def test_confirmation_writes_the_multibanco_amount_and_next_steps_in_the_screens_language(
    demo_settings: Settings, language: str
) -> None:
    app = still(demo_settings, language)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = ConfirmationScreen(service("WATER-CONTRACT", language).name)
        await app.push_screen(screen)
        screen.show_confirmation(confirmation(language=language))
        await pilot.pause()
        for now, other in ((language, OTHER[language]), (OTHER[language], language)):
            payment, steps = shown(app, "#payment"), shown(app, "#next-steps")
            assert WATER[now] in payment
            assert WATER[now] in steps, "the next steps say the amount to pay too"
            assert WATER[other] not in payment + steps
            app.language = other
            await pilot.pause()


def bundle_outcome(*, joint: bool) -> BundleOutcome:
    """Two fees of a bundle (25,00 € and 12,50 €), with one Multibanco reference for both or one each."""
    water = PaymentInfo("21800", "123 456 789", Decimal("25.00"))
    doctor = PaymentInfo("21800", "987 654 321", Decimal("12.50"))
    return BundleOutcome(
        "Moving house",
        (
            BundlePart("WATER-CONTRACT", "Water contract", "2026-JKMN-PQRS", "awaiting_payment", water),
            BundlePart("FAMILY-DOCTOR", "Family doctor", "2026-TVWX-YZ23", "awaiting_payment", doctor),
        ),
        Decimal("37.50"),
        pay_at_counter=False,
        joint_payment=PaymentInfo("21800", "555 000 111", Decimal("37.50")) if joint else None,
        receipt_printed=True,
    )


@SWITCHES
@pytest.mark.parametrize("joint", [True, False])
async def test_bundle_done_writes_every_payment_in_the_screens_language(
    demo_settings: Settings, language: str, joint: bool
) -> None:
    amounts = ("37.50",) if joint else ("37.50", "25.00", "12.50")
    app = still(demo_settings, language)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.push_screen(BundleDoneScreen(bundle_outcome(joint=joint)))
        await pilot.pause()
        for now, other in ((language, OTHER[language]), (OTHER[language], language)):
            lines = shown(app, "#bundle-payment")
            for amount in amounts:
                assert written(Decimal(amount), now) in lines
                assert written(Decimal(amount), other) not in lines
            app.language = other
            await pilot.pause()


@SWITCHES
def test_a_bundles_receipt_writes_its_amounts_in_the_papers_language(language: str) -> None:
    for joint in (True, False):
        lines = receipt_lines(bundle_outcome(joint=joint), language)
        assert written(Decimal("37.50"), language) in lines
        assert written(Decimal("37.50"), OTHER[language]) not in lines
    at_counter = BundleOutcome("Moving house", bundle_outcome(joint=False).parts, Decimal("37.50"), True)
    assert written(Decimal("37.50"), language) in receipt_lines(at_counter, language)


def test_written_spells_the_two_ways() -> None:
    """The tests' own spelling matches the one formatter (so the tests above do not check it with itself)."""
    from kiosk.money import format_money

    for amount in ("0.50", "12.50", "25.00", "999.99"):
        for language in ("pt", "en"):
            assert written(Decimal(amount), language) == format_money(Decimal(amount), language)
