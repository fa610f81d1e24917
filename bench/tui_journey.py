"""bench/tui.py's journeys: the residence certificate from card to paper, by the UI and by KioskCore alone, and
the "moving house" bundle beside the same services as three journeys."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.tui_support import RUNNING, SIZE, card_read, on_screen, portal_ready, until
from kiosk.config import Settings

JOURNEY_SERVICE = "RESIDENCE-CERT"


def spool_folder(settings: Settings) -> Path:
    return Path(settings.printers.documents.removeprefix("spool:"))


async def certificate_in(spool: Path, before: set[Path]) -> float:
    def printed() -> bool:
        return any(not p.name.endswith("-receipt.pdf") for p in set(spool.glob("*.pdf")) - before)

    await until(printed, "the certificate in the spool folder")
    return time.perf_counter()


async def ui_journey(app: Any, spool: Path, laps: dict[str, float]) -> float:
    """Seconds from maria's card in to the residence certificate in the spool, every page by the UI.

    ``laps`` gets the seconds each stage took (to the page shown), to see where the time goes."""
    from kiosk.card.emulator.card import Faults
    from screens.citizen.attract import AttractScreen
    from screens.citizen.check_answers import CheckAnswersScreen
    from screens.citizen.confirmation import ConfirmationScreen
    from screens.citizen.home import HomeScreen
    from screens.citizen.question import QuestionScreen
    from screens.citizen.service_start import ServiceStartScreen
    from screens.dialogs.pin import PinDialog
    from screens.messages import OpenService
    from screens.widgets.buttons import KioskButton
    from screens.widgets.fields import FieldWidget

    reader = app.core.reader
    before = set(spool.glob("*.pdf"))
    started = last = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal last
        now = time.perf_counter()
        laps[name] = now - last
        last = now

    await asyncio.to_thread(reader.insert, "maria", None, Faults(delay=0.0))

    await until(card_read(app), "maria's card read")
    lap("card_read")
    # Buttons and keys by their actions: Pilot.press waits for the whole process to idle after every key,
    # which on a busy machine would bill the harness's waits to the kiosk.
    app.focused.action_press()  # Continue
    await until(on_screen(app, HomeScreen), "home")
    lap("home")
    app.post_message(OpenService(JOURNEY_SERVICE))
    await until(on_screen(app, ServiceStartScreen), "the residence certificate's start page")
    lap("start_page")
    app.screen.start()
    await until(on_screen(app, PinDialog), "the PIN dialog")
    lap("pin_dialog")
    for digit in "1234":
        app.screen.action_digit(digit)
    app.screen.action_confirm()

    def on_question(field_id: str) -> Callable[[], bool]:
        # Typed keys go to the focused answer: wait for the page to have given it the focus.
        return lambda: (
            isinstance(app.screen, QuestionScreen)
            and app.screen.question.field.id == field_id
            and app.focused is not None
            and app.focused.is_attached  # the page turns in place: the old answer may still hold the focus
            and app.focused.screen is app.screen
        )

    await until(on_question("years_at_address"), "how many years")
    lap("login_and_question_1")
    app.screen.query_one(FieldWidget).value = "5"
    await app.screen.action_continue()
    await until(on_question("purpose"), "what for")
    lap("question_2")
    answer = app.screen.query_one(FieldWidget)
    answer.value = "school"
    await until(lambda: answer.value == "school", "the choice taken")  # the radio set hears it by message
    await app.screen.action_continue()
    await until(on_screen(app, CheckAnswersScreen), "check your answers")
    lap("check_answers")
    app.screen.query_one("#submit", KioskButton).action_press()  # Submit, as the person's tap does
    printed = await certificate_in(spool, before)
    lap("submit_to_certificate")
    elapsed = printed - started
    await until(lambda: isinstance(app.screen, ConfirmationScreen) and app.screen.confirmation, "confirmation")
    await asyncio.to_thread(reader.remove)
    await until(lambda: app.session is None and isinstance(app.screen, AttractScreen), "the card out")
    return elapsed


async def core_journey(core: Any, spool: Path) -> float:
    """The same journey through KioskCore alone: card, PIN, service, answers, submit, certificate."""
    from kiosk.card.emulator.card import Faults
    from kiosk.journey.journey import Journey, card_values

    before = set(spool.glob("*.pdf"))
    started = time.perf_counter()
    await asyncio.to_thread(core.reader.insert, "maria", None, Faults(delay=0.0))
    session = await asyncio.to_thread(core.read_card, core.reader.name)
    await asyncio.to_thread(core.read_photo, session)
    await core.login(session, bytearray(b"1234"))
    service = await core.service(JOURNEY_SERVICE, "pt")
    journey = Journey(service, card_values=card_values(session.identity), language="pt")
    journey.begin()
    for answer in ("5", "school"):
        if problems := journey.answer(answer):
            raise SystemExit(f"the core journey refused {answer!r}: {problems}")
    await core.submit(
        session,
        service.summary,
        journey.submission_answers(),
        journey.idempotency_key(session.session_id),
        "pt",
    )
    printed = await certificate_in(spool, before)
    await asyncio.to_thread(core.reader.remove)
    return printed - started


BUNDLE_EVENT = "moving-house"
BUNDLE_ANSWERS: dict[str, object] = {
    "address": {"street": "Rua das Flores 12", "postal_code": "4050-262", "locality": "Porto"},
    "date": "2024-01-02",
    "email": "ana@example.pt",
    "phone": "912345678",
    "nif": "123456789",
    "yes_no": False,
}


def sample_answer(field: Any) -> object:
    """A valid answer for the bundle's fields, by type (the first choice, the lowest number allowed)."""
    if field.type == "single_choice":
        return field.options[0].value
    if field.type == "multiple_choice":
        return [field.options[0].value]
    if field.type in ("number", "money"):
        return str(field.rules.minimum if field.rules.minimum is not None else 1)
    if field.type in ("text", "long_text"):
        return "Centro de Saúde de Arroios"
    return BUNDLE_ANSWERS[field.type]


def answer_all(journey: Any) -> int:
    """Answer every page; how many pages were asked."""
    from kiosk.journey.journey import Step

    pages = 0
    journey.begin()
    while journey.step is Step.QUESTION:
        field = journey.question.field
        if problems := journey.answer(sample_answer(field)):
            raise SystemExit(f"the bundle refused an answer to {field.id}: {problems}")
        pages += 1
    return pages


async def bundles(settings: Settings, runs: int) -> tuple[list[float], list[float], int, int]:
    """A bundle of three services (moving house) from start to receipt through KioskCore, headless, the card's
    delay model off: the life event and its services read, every question answered, three applications sent,
    one receipt in the spool folder. Baseline: the same three services as three separate journeys, each with
    its own receipt. Returns both times per run and the questions asked (bundle, separate)."""
    from kiosk.card.emulator.card import Faults
    from kiosk.core import KioskCore
    from kiosk.journey.bundle import Bundle
    from kiosk.journey.journey import Journey, card_values

    core = KioskCore(settings)
    spool = spool_folder(settings)
    await asyncio.to_thread(core.start_portal)
    core.start_reader(lambda event: None)
    bundle_s: list[float] = []
    separate_s: list[float] = []
    asked = separate_asked = 0
    try:
        await asyncio.to_thread(core.reader.insert, "maria", None, Faults(delay=0.0))
        session = await asyncio.to_thread(core.read_card, core.reader.name)
        await core.login(session, bytearray(b"1234"))
        values = card_values(session.identity)
        for run in range(runs + 1):  # the first run loads the bundle's code and reportlab: not counted
            before = len(list(spool.glob("*-receipt.pdf")))
            started = time.perf_counter()
            [event] = [item for item in await core.portal.life_events("pt") if item.code == BUNDLE_EVENT]
            services = [await core.service(code, "pt") for code in event.bundle]
            bundle = Bundle(event, services, card_values=values, language="pt")
            asked = answer_all(bundle.journey)
            outcome = await core.bundles.submit(session, bundle, f"bench-{run}-{time.time_ns()}", "pt")
            if len(outcome.accepted) != len(services) or not outcome.receipt_printed:
                raise SystemExit(f"the bundle did not go through: {outcome.failed}")
            elapsed = time.perf_counter() - started
            if len(list(spool.glob("*-receipt.pdf"))) != before + 1:
                raise SystemExit("the bundle's receipt is not in the spool folder")

            started = time.perf_counter()
            separate_asked = 0
            for code in event.bundle:
                service = await core.service(code, "pt")
                journey = Journey(service, card_values=values, language="pt")
                separate_asked += answer_all(journey)
                key = f"bench-separate-{run}-{code}-{time.time_ns()}"
                await core.submit(session, service.summary, journey.submission_answers(), key, "pt")
            if run:
                bundle_s.append(elapsed)
                separate_s.append(time.perf_counter() - started)
        await asyncio.to_thread(core.reader.remove)
    finally:
        core.stop()
    return bundle_s, separate_s, asked, separate_asked


async def journeys(settings: Settings, runs: int) -> tuple[list[float], list[float], dict[str, float]]:
    from screens.app import KioskApp

    spool = spool_folder(settings)
    app = KioskApp(settings)
    RUNNING.append(app)
    ui: list[float] = []
    laps: dict[str, float] = {}
    try:
        async with app.run_test(size=SIZE):
            await portal_ready(app)
            for _ in range(runs + 1):  # the first one also loads the journey's screens and reportlab
                ui.append(await ui_journey(app, spool, laps))
        # The app has stopped listening (a closed app drops the reader's messages); its core goes on alone.
        core = [await core_journey(app.core, spool) for _ in range(runs)]
    finally:
        app.stop_services()
    return ui, core, laps
