"""Question pages, check your answers and the confirmation as a person uses them: Back keeps answers,
Change returns to the check page, card answers are marked and not changeable, the fee says how to pay, a
language switch keeps what was typed, and the confirmation's QR code reads back with an independent reader."""

from __future__ import annotations

import dataclasses
import json
import subprocess
from decimal import Decimal
from pathlib import Path

import httpx
import pytest
from PIL import Image
from textual.content import Content
from textual.message import Message
from textual.widgets import Input

from kiosk.config import Settings
from kiosk.core import Confirmation, IssuedDocumentInfo, PaymentInfo
from kiosk.embedded import EmbeddedPortal
from kiosk.journey.journey import Journey, Step
from screens.app import KioskApp
from screens.citizen.check_answers import CheckAnswersScreen
from screens.citizen.confirmation import ConfirmationScreen
from screens.citizen.question import QuestionScreen
from screens.messages import Finish
from screens.widgets.buttons import KioskButton
from screens.widgets.fields import FieldWidget
from screens.widgets.qr import HALF_BLOCKS, QrCode, qr_lines, qr_matrix
from tests.helpers import click, require_tool
from tests.ui.questions_helpers import SERVICES, PageDriver, StillKiosk, service, shown, switch_language

CARD = {"tax_id": "123456789"}
ADDRESS = {"street": "Rua das Flores 12", "postal_code": "1000-001", "locality": "Lisboa"}


def water_journey(language: str, *, to_check: bool = False) -> Journey:
    """WATER-CONTRACT with a card giving the NIF: asked are the address, the household and the paper bill."""
    journey = Journey(service("WATER-CONTRACT", language), card_values=CARD, language=language)
    journey.begin()
    if to_check:
        for raw in (ADDRESS, "3", True):
            assert journey.answer(raw) == ()
        assert journey.step is Step.CHECK
    return journey


async def test_back_keeps_the_answer_by_keys(demo_settings: Settings) -> None:
    journey = water_journey("pt")
    app = StillKiosk(demo_settings)
    async with app.run_test(size=(80, 24)) as pilot:
        driver = PageDriver(app, journey)
        driver.show()
        await pilot.pause()
        first = app.screen
        assert shown(first, "#progress") == "Pergunta 1 de 3"  # the card's NIF is not asked
        for part in ("Rua das Flores 12", "tab", "1000001", "tab", "Lisboa"):
            await pilot.press(*(part if part != "tab" else [part]))
        await pilot.press("enter")
        await pilot.pause()
        second = app.screen
        assert isinstance(second, QuestionScreen)
        assert shown(second, "#progress") == "Pergunta 2 de 3"
        second.query_one("#back").focus()
        await pilot.press("enter")
        await pilot.pause()
        back = app.screen
        assert isinstance(back, QuestionScreen)
        assert back is first, "while the journey stays on its questions, the page turns in place"
        assert driver.outcomes == []
        assert back.query_one(FieldWidget).value == {**ADDRESS}
        assert back.query_one("#answer-postal_code", Input).value == "1000-001"


async def test_change_from_check_returns_to_check_by_clicks(demo_settings: Settings) -> None:
    journey = water_journey("en", to_check=True)
    app = StillKiosk(demo_settings)
    app.language = "en"
    async with app.run_test(size=(120, 40)) as pilot:
        driver = PageDriver(app, journey)
        driver.show()
        await pilot.pause()
        check = app.screen
        assert isinstance(check, CheckAnswersScreen)
        labels = [row.field.id for row in check.rows]
        assert labels == ["supply_address", "holder_nif", "household_size", "paper_bill"]
        nif_row = check.query_one("#row-1")
        assert "from your card" in str(nif_row.query_one(".from-card").render())
        assert not nif_row.query("KioskButton"), "a card answer has no Change"
        fee = shown(check, "#fee")
        assert "Fee: €25.00" in fee  # the English way, not the portal's Portuguese display text
        assert "Multibanco" in fee
        assert "counter" in fee

        await click(pilot, "#change-2")
        await pilot.pause()
        page = app.screen
        assert isinstance(page, QuestionScreen)
        assert page.query_one(FieldWidget).value == "3"
        page.query_one("#answer-input", Input).value = "4"
        await click(pilot, "#continue")
        await pilot.pause()
        again = app.screen
        assert isinstance(again, CheckAnswersScreen), "Continue after Change returns to check your answers"
        assert "4" in str(again.query_one("#row-2 .shown").render())
        await click(pilot, "#submit")
        await pilot.pause()
        assert driver.outcomes == ["moved", "moved", "submit"]
        assert journey.submission_answers()["household_size"] == 4


async def test_language_switch_keeps_what_was_typed(demo_settings: Settings) -> None:
    journey = water_journey("pt")
    app = StillKiosk(demo_settings)
    async with app.run_test(size=(80, 24)) as pilot:
        PageDriver(app, journey).show()
        await pilot.pause()
        page = app.screen
        await pilot.press(*"Rua Nova 3")
        assert "Localidade" in str(page.query_one("#locality-label").render())
        switch_language(app, journey, "en")
        await pilot.pause()
        assert shown(page, "#heading") == "Supply address"
        assert shown(page, "#progress") == "Question 1 of 3"
        assert "Town or city" in str(page.query_one("#locality-label").render())
        assert page.query_one("#continue").render() is not None
        assert page.query_one("#answer-street", Input).value == "Rua Nova 3"


async def test_check_answers_follow_the_language_and_cancel_leaves(demo_settings: Settings) -> None:
    journey = water_journey("pt", to_check=True)
    app = StillKiosk(demo_settings)
    async with app.run_test(size=(80, 24)) as pilot:
        driver = PageDriver(app, journey)
        driver.show()
        await pilot.pause()
        check = app.screen
        assert "Sim" in str(check.query_one("#row-3 .shown").render())
        assert "do seu cartão" in str(check.query_one("#row-1 .from-card").render())
        switch_language(app, journey, "en")
        await pilot.pause()
        assert "Yes" in str(check.query_one("#row-3 .shown").render())
        assert shown(check, "#heading").startswith("Check your answers")
        await click(pilot, "#cancel")
        await pilot.pause()
        assert driver.outcomes == ["leave"]


async def test_question_page_cancel_and_optional_mark(demo_settings: Settings) -> None:
    journey = Journey(service("CC-RENEW", "en"), language="en")
    journey.begin()
    assert journey.answer(journey.service.fields[0].options[0].value) == ()
    app = StillKiosk(demo_settings)
    app.language = "en"
    async with app.run_test(size=(60, 20)) as pilot:
        driver = PageDriver(app, journey)
        driver.show()
        await pilot.pause()
        page = app.screen
        assert shown(page, "#heading") == "Email for updates (optional)"
        assert "name@example.pt" in shown(page, "#hint")
        for button in ("#back", "#continue", "#cancel"):
            region = page.query_one(button).region
            assert region.height >= 3, button
            assert region.bottom <= 20, f"{button} is on screen at 60x20"
        await click(pilot, "#cancel")
        await pilot.pause()
        assert driver.outcomes == ["leave"]


STATUS_URL = "http://127.0.0.1:8765/v1/applications/2026-27VX-KMAC/status"


def confirmation(status_url: str | None = STATUS_URL, language: str = "en") -> Confirmation:
    return Confirmation(
        reference="2026-27VX-KMAC",
        service_name=service("WATER-CONTRACT", language).name,
        status="submitted",
        receipt_printed=True,
        payment=PaymentInfo("21312", "123 456 789", Decimal("25.00")),
        next_step_keys=("core.next_steps.pay",),
        status_url=status_url,
        documents=(IssuedDocumentInfo("d1", "Certificate", "Ana", None, "CS1:TESTSEAL"),),
    )


async def test_confirmation_shows_reference_payment_next_steps_and_finish(demo_settings: Settings) -> None:
    finished: list[Message] = []
    app = StillKiosk(demo_settings)
    app.language = "en"

    def hook(message: Message) -> None:
        if isinstance(message, Finish):
            finished.append(message)

    async with app.run_test(size=(120, 40), message_hook=hook) as pilot:
        screen = ConfirmationScreen("Water supply contract")
        await app.push_screen(screen)
        await pilot.pause()
        assert shown(screen, "#heading") == "Sending your request…"
        assert shown(screen, "#reference") == ""
        screen.show_confirmation(confirmation())
        await pilot.pause()
        assert shown(screen, "#reference") == "Your reference: 2026-27VX-KMAC"
        payment = shown(screen, "#payment")
        for part in ("€25.00 by Multibanco", "entity 21312", "reference 123 456 789"):
            assert part in payment
        assert "Pay €25.00 by Multibanco" in shown(screen, "#next-steps")
        assert "receipt has been printed" in shown(screen, "#paper")
        assert screen.query_one("#qr", QrCode).display
        assert "Take your card" in shown(screen, "#take-card")
        app.language = "pt"
        await pilot.pause()
        assert shown(screen, "#reference") == "A sua referência: 2026-27VX-KMAC"
        assert "25,00 €" in shown(screen, "#payment")
        assert "Pague 25,00 €" in shown(screen, "#next-steps")
        assert "€25.00" not in shown(screen, "#payment") + shown(screen, "#next-steps")
        await click(pilot, "#finish")
        await pilot.pause()
        assert len(finished) == 1


@pytest.mark.parametrize(
    ("language", "finish", "papers"),
    [
        ("pt", "Voltar ao cidadão (Esc)", "Entregue ao cidadão"),
        ("en", "Back to the citizen (Esc)", "Hand the citizen"),
    ],
)
async def test_at_a_counter_finish_goes_back_to_the_citizen(
    demo_settings: Settings, language: str, finish: str, papers: str
) -> None:
    """A service done for a citizen at a counter: the card stays in the counter's reader until the clerk ends
    the visit, so the page neither says "take your card" nor offers to finish with it."""
    counter = dataclasses.replace(demo_settings, kiosk=dataclasses.replace(demo_settings.kiosk, mode="counter"))
    app = StillKiosk(counter)
    app.language = language
    async with app.run_test(size=(120, 40)) as pilot:
        screen = ConfirmationScreen("Atestado de residência")
        await app.push_screen(screen)
        screen.show_confirmation(confirmation(language=language))
        await pilot.pause()
        assert screen.query_one("#finish", KioskButton).label == finish
        assert papers in shown(screen, "#take-card")


async def test_confirmation_failure_says_what_to_do_and_has_no_qr(demo_settings: Settings) -> None:
    app = StillKiosk(demo_settings)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = ConfirmationScreen("Certidão de residência")
        await app.push_screen(screen)
        screen.show_failure("Não foi possível enviar o seu pedido. Tente novamente ou dirija-se ao balcão.")
        await pilot.pause()
        assert shown(screen, "#heading").startswith("⚠ ")
        assert "balcão" in shown(screen, "#next-steps")
        assert shown(screen, "#reference") == ""
        assert not screen.query_one("#qr", QrCode).display


def read_qr(lines: list[str], tmp_path: Path) -> str:
    """Turn half-block lines back into modules, paint them 8 pixels each and read them with zbarimg."""
    zbarimg = require_tool("zbarimg")
    modules = {char: pair for pair, char in HALF_BLOCKS.items()}
    rows: list[list[bool]] = []
    for line in lines:
        pairs = [modules[char] for char in line]
        rows += [[top for top, _ in pairs], [bottom for _, bottom in pairs]]
    size, border = 8, 4
    image = Image.new("L", ((len(rows[0]) + 2 * border) * size, (len(rows) + 2 * border) * size), 255)
    for y, row in enumerate(rows):
        for x, dark in enumerate(row):
            if dark:
                left, top = (x + border) * size, (y + border) * size
                image.paste(0, (left, top, left + size, top + size))
    path = tmp_path / "qr.png"
    image.save(path)
    result = subprocess.run([zbarimg, "-q", "--raw", str(path)], capture_output=True, text=True, check=False)
    return result.stdout.strip()


def test_qr_half_blocks_read_back(tmp_path: Path) -> None:
    data = "http://127.0.0.1:8765/v1/applications/2026-27VX-KMAC/status"
    assert read_qr(qr_lines(qr_matrix(data)), tmp_path) == data


async def test_confirmation_qr_on_screen_reads_back(demo_settings: Settings, tmp_path: Path) -> None:
    app = StillKiosk(demo_settings)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = ConfirmationScreen("Water")
        await app.push_screen(screen)
        screen.show_confirmation(confirmation(status_url=None))
        await pilot.pause()
        drawn = screen.query_one("#qr", QrCode).render()
        assert isinstance(drawn, Content)
        assert read_qr(drawn.plain.splitlines(), tmp_path) == "CS1:TESTSEAL", "no status URL: the seal"


def test_saved_definitions_match_the_portal(running_portal: tuple[EmbeddedPortal, str]) -> None:
    portal, token = running_portal
    saved = sorted(SERVICES.glob("*.json"))
    assert len(saved) >= 20
    with httpx.Client(base_url=portal.url, headers={"Authorization": f"Bearer {token}"}) as client:
        for path in saved:
            code, language, _ = path.name.split(".")
            live = client.get(f"/v1/catalog/services/{code}", headers={"Accept-Language": language})
            live.raise_for_status()
            assert live.json() == json.loads(path.read_text(encoding="utf-8")), path.name


async def test_whole_service_through_the_real_navigation(demo_settings: Settings) -> None:
    """REPORT-PROBLEM (no card needed) from its start page to the confirmation, on the embedded portal."""
    from screens.citizen.service_start import ServiceStartScreen
    from screens.messages import OpenService
    from screens.widgets.buttons import KioskButton
    from tests.helpers import wait_until

    app = KioskApp(demo_settings)
    app.language = "en"
    async with app.run_test(size=(100, 36)) as pilot:
        await wait_until(pilot, lambda: app.portal_status_key == "attract.portal_ready", "the embedded portal")
        app.post_message(OpenService("REPORT-PROBLEM"))
        await wait_until(pilot, lambda: isinstance(app.screen, ServiceStartScreen), "the start page")
        await pilot.pause()
        await click(pilot, "#start")
        await wait_until(pilot, lambda: isinstance(app.screen, QuestionScreen), "the first question")
        await pilot.press("enter")  # the category chosen by Enter on the first option
        await click(pilot, "#continue")
        await wait_until(pilot, lambda: "Question 2" in shown(app.screen, "#progress"), "question 2")
        await pilot.press(*"Rua das Flores 12", "enter")
        await wait_until(pilot, lambda: "Question 3" in shown(app.screen, "#progress"), "question 3")
        await click(pilot, "#continue")  # description is optional
        await wait_until(pilot, lambda: "Question 4" in shown(app.screen, "#progress"), "question 4")
        await click(pilot, "#continue")  # email optional
        await wait_until(pilot, lambda: "Question 5" in shown(app.screen, "#progress"), "question 5")
        await click(pilot, "#continue")  # phone optional
        await wait_until(pilot, lambda: isinstance(app.screen, CheckAnswersScreen), "check your answers")
        assert "Rua das Flores 12" in str(app.screen.query_one("#row-1 .shown").render())
        await click(pilot, "#submit")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmationScreen), "the confirmation")
        screen = app.screen
        assert isinstance(screen, ConfirmationScreen)
        await wait_until(pilot, lambda: screen.confirmation is not None or screen.failure is not None, "submit")
        assert screen.failure is None
        assert screen.confirmation is not None
        assert screen.confirmation.reference in shown(screen, "#reference")
        assert screen.query_one("#finish", KioskButton).label == "Finish and take my card"


def test_every_text_is_in_both_languages() -> None:
    import tomllib

    from kiosk.i18n import HERE, catalog

    def keys(language: str) -> set[str]:
        with (HERE / language / "questions.toml").open("rb") as file:
            table = tomllib.load(file)["questions"]
        found: set[str] = set()
        for name, value in table.items():
            found |= {f"{name}.{key}" for key in value} if isinstance(value, dict) else {name}
        return found

    assert keys("pt") == keys("en")
    assert all(f"questions.{key}" in catalog("pt") for key in keys("pt"))
