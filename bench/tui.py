"""The kiosk UI's benchmark: start, key latency, memory over sessions, a whole journey, each with a baseline.

* start: cold start to the first painted attract screen beside a bare Textual app (bench/startup.py's measure,
  interleaved fresh interpreters); the ratio of medians.
* key: headless, Enter on a question page (BULKY-WASTE's "location", typed text) to the next question page
  painted, through the real navigation worker; beside a bare Textual app whose Enter in an Input switches to a
  new screen with the same widgets (a Static, an Input, two buttons). "Painted" is the new screen's first
  ``call_after_refresh``, as in bench/startup.py. Between two measured presses the page goes back by code.
* rss: one KioskApp.run_test() with the embedded portal; a session is the demo card in (app.insert_demo_card),
  the card read, Continue, home shown, a service's start page opened, the card out (the removal event runs
  app.end_session()). RSS (VmRSS, after gc.collect()) after all sessions over RSS after the first 10, minus 1;
  beside a bare Textual app pushing and popping the same-widgets page as many times.
* journey: RESIDENCE-CERT (free, instant, card + PIN) for demo citizen maria (PIN 1234), from the card
  inserted to the certificate PDF in the spool folder, every page driven headless; the emulated card's delay
  model is off (Faults(delay=0)) and the printers are spool folders. Beside the same journey through KioskCore
  alone (no screens), in the same process.
* bundle: "moving house" (change of address, water contract, family doctor) from start to receipt through
  KioskCore, headless, no delay models: the life event and its services read, each shared question answered
  once, three applications sent, one receipt in the spool folder; beside the same three services as three
  separate journeys with a receipt each.

    .venv/bin/python bench/tui.py [--quick]

Targets (issue 12): start_ratio <= 1.3, key_p95_ms <= 50, rss_growth <= 0.10, journey_s < 3; (issue 13)
bundle_s < 5.
"""

from __future__ import annotations

import sys
from pathlib import Path

# Run as `python bench/NAME.py`, Python puts bench/ first on sys.path, where bench/queue.py would hide the
# standard library's queue module from everything imported below (asyncio's threads, httpx, multiprocessing):
# the repository root takes its place before any other import. Imported as bench.NAME, sys.path is left alone.
if Path(sys.path[0]).resolve() == Path(__file__).resolve().parent:
    sys.path[0] = str(Path(__file__).resolve().parents[1])

import argparse
import asyncio
import gc
import json
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

ROOT = Path(__file__).resolve().parents[1]

from textual.app import App, ComposeResult  # noqa: E402
from textual.screen import Screen  # noqa: E402
from textual.widgets import Button, Input, Static  # noqa: E402

from bench.startup import interleaved_runs  # noqa: E402
from kiosk.config import Settings, load_settings  # noqa: E402

SIZE = (100, 36)
KEY_SERVICE = "BULKY-WASTE"  # no card needed; its "location" (text) page is followed by another one-Input page
KEY_FIELD, NEXT_FIELD = "location", "postal_code"
JOURNEY_SERVICE = "RESIDENCE-CERT"
TARGETS = {"start_ratio": 1.3, "key_p95_ms": 50.0, "rss_growth": 0.10, "journey_s": 3.0, "bundle_s": 5.0}


@dataclass(frozen=True)
class Plan:
    start_runs: int
    presses: int
    sessions: int
    journeys: int


FULL = Plan(start_runs=15, presses=200, sessions=200, journeys=3)
QUICK = Plan(start_runs=5, presses=40, sessions=40, journeys=1)
RSS_FIRST = 10


# --- small helpers ---


def rss_mb() -> float:
    """Resident memory of this process now (VmRSS), after a full collection."""
    gc.collect()
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS in /proc/self/status")


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[-1]


async def until(condition: Callable[[], bool], what: str, timeout: float = 60.0) -> None:
    """Let the app (a task on this loop) run until ``condition`` holds; polls often so timings stay tight."""
    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            raise SystemExit(f"timed out waiting for {what}{_where()}")
        await asyncio.sleep(0.002)


RUNNING: list[Any] = []
"""The kiosk app under test, to say where it stood when a wait times out."""


def _where() -> str:
    if not RUNNING:
        return ""
    app = RUNNING[-1]
    problems = [str(w.render()) for w in app.screen.query("#error-summary") if w.display]
    return f" (on {type(app.screen).__name__}, focus {app.focused!r}, problems {problems})"


def on_screen(app: Any, kind: type) -> Callable[[], bool]:
    """The app shows a ``kind`` page that has finished mounting: pressing on it earlier races its compose."""
    return lambda: isinstance(app.screen, kind) and app.screen.is_mounted


def demo_settings(folder: Path) -> Settings:
    """The project's kiosk.toml with its data folder, spool and journal in ``folder`` (as tests/conftest.py)."""
    folder.mkdir(parents=True, exist_ok=True)
    text = (ROOT / "kiosk.toml").read_text(encoding="utf-8")
    path = folder / "kiosk.toml"
    path.write_text(
        text.replace('data_dir = "var"', f'data_dir = "{folder / "var"}"')
        .replace('"spool:var/spool"', f'"spool:{folder / "var" / "spool"}"')
        .replace('"var/print-journal.sqlite"', f'"{folder / "var" / "print-journal.sqlite"}"')
        .replace("idle_warning_seconds = 60", "idle_warning_seconds = 3600"),  # no idle dialog mid-run
        encoding="utf-8",
    )
    return load_settings(path, env={})


# --- start ---


def bench_start(runs: int) -> dict[str, float]:
    """bench/startup.py's measure, interleaved: bare app, kiosk, bare, kiosk... in fresh interpreters."""
    bare, kiosk = interleaved_runs(runs)
    bare_s, kiosk_s = statistics.median(t for t, _, _ in bare), statistics.median(t for t, _, _ in kiosk)
    bare_cpu, kiosk_cpu = statistics.median(c for _, _, c in bare), statistics.median(c for _, _, c in kiosk)
    return {"bare_s": bare_s, "kiosk_s": kiosk_s, "ratio": kiosk_s / bare_s, "cpu_ratio": kiosk_cpu / bare_cpu}


# --- the bare baseline app ---


class BarePage(Screen[None]):
    """The same widgets as a one-Input question page; Enter switches to the next such page."""

    def __init__(self, number: int, painted: Callable[[BarePage], None]) -> None:
        super().__init__()
        self.number = number
        self.painted = painted

    def compose(self) -> ComposeResult:
        yield Static(f"Question {self.number}: where are the items?")
        yield Input(value="Rua das Flores 1", id="answer")
        yield Button("Continue", id="continue", variant="primary")
        yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one(Input).focus()
        self.call_after_refresh(self.painted, self)

    def on_input_submitted(self) -> None:
        self.app.switch_screen(BarePage(self.number + 1, self.painted))


class BareApp(App[None]):
    pass


class PaintLog:
    """Pages' first paints, in order, until the benchmark takes them (it keeps no page alive after that)."""

    def __init__(self) -> None:
        self.pages: list[tuple[Any, float]] = []

    def painted(self, page: Any) -> None:
        self.pages.append((page, time.perf_counter()))

    async def next_page(self, what: str) -> tuple[Any, float]:
        await until(lambda: bool(self.pages), what, timeout=20)
        return self.pages.pop(0)


async def bare_key_latencies(presses: int) -> list[float]:
    paints = PaintLog()
    app = BareApp()
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(BarePage(1, paints.painted))
        await paints.next_page("the first bare page")
        latencies = []
        for _ in range(presses):
            started = time.perf_counter()
            await pilot.press("enter")
            _, at = await paints.next_page("the next bare page")
            latencies.append((at - started) * 1000)
    return latencies


async def bare_rss(sessions: int) -> tuple[float, float]:
    """RSS after RSS_FIRST and after ``sessions`` pushes and pops of the bare page."""
    paints = PaintLog()
    app = BareApp()
    first = 0.0
    async with app.run_test(size=SIZE):
        for number in range(1, sessions + 1):
            app.push_screen(BarePage(number, paints.painted))
            await paints.next_page("a bare page")
            await app.pop_screen()
            if number == RSS_FIRST:
                first = rss_mb()
        last = rss_mb()
    return first, last


# --- the kiosk ---


async def portal_ready(app: Any) -> None:
    await until(lambda: app.portal_status_key == "attract.portal_ready", "the embedded portal", timeout=120)


async def kiosk_key_latencies(settings: Settings, presses: int) -> list[float]:
    from screens.app import KioskApp
    from screens.citizen.question import QuestionScreen
    from screens.citizen.service_start import ServiceStartScreen
    from screens.messages import OpenService
    from screens.widgets.fields import FieldWidget

    paints = PaintLog()

    def shown(message: Any) -> None:
        # The page reports each question it shows, the first and every page turn, once it is drawn.
        if isinstance(message, QuestionScreen.Shown):
            paints.painted(message.question)

    app = KioskApp(settings)
    RUNNING.append(app)
    latencies: list[float] = []
    try:
        async with app.run_test(size=SIZE, message_hook=shown) as pilot:
            await portal_ready(app)
            app.post_message(OpenService(KEY_SERVICE))
            await until(on_screen(app, ServiceStartScreen), "the service's start page")
            app.screen.start()
            question, _ = await paints.next_page("the first question")
            page = app.screen
            page.query_one(FieldWidget).value = [question.field.options[0].value]  # the first thing to collect
            await page.action_continue()
            question, _ = await paints.next_page("the location question")
            for _ in range(presses):
                assert question.field.id == KEY_FIELD, question.field.id
                app.screen.query_one(FieldWidget).value = "Rua das Flores 1"
                started = time.perf_counter()
                await pilot.press("enter")
                after, at = await paints.next_page("the next question page")
                if after.field.id != NEXT_FIELD:
                    raise SystemExit(f"Enter led to {after.field.id!r}, not {NEXT_FIELD!r}")
                latencies.append((at - started) * 1000)
                await app.screen.action_back()  # not measured: back to the location page for the next press
                question, _ = await paints.next_page("the location page again")
    finally:
        app.stop_services()
    return latencies


async def one_session(app: Any, pilot: Any, number: int) -> None:
    """Card in, read, Continue, home, a service's start page, card out: what a citizen who looks does."""
    from screens.citizen.attract import AttractScreen
    from screens.citizen.card_reading import CardReadingScreen
    from screens.citizen.home import HomeScreen, ServiceButton
    from screens.citizen.service_start import ServiceStartScreen
    from screens.messages import OpenService

    app.insert_demo_card()

    def ready_to_continue() -> bool:
        # Continue takes the focus once the card, holder and photo are read; the earliest a person can go on.
        focused = app.focused
        return (
            isinstance(app.screen, CardReadingScreen)
            and focused is not None
            and focused.id == "reading-continue"
        )

    await until(ready_to_continue, "the card read")
    await pilot.press("enter")
    await until(lambda: isinstance(app.screen, HomeScreen) and bool(app.screen.query(ServiceButton)), "home")
    buttons = list(app.screen.query(ServiceButton))
    app.post_message(OpenService(buttons[number % len(buttons)].service.code))
    await until(on_screen(app, ServiceStartScreen), "a service's start page")
    await asyncio.to_thread(app.core.remove_demo_card)  # the removal event runs app.end_session()
    await until(
        lambda: app.session is None and len(app.screen_stack) == 1 and isinstance(app.screen, AttractScreen),
        "the attract screen after the card left",
    )


async def kiosk_rss(settings: Settings, sessions: int) -> tuple[float, float, float, float]:
    """RSS after RSS_FIRST sessions, half of ``sessions`` and all, and the seconds per session."""
    from screens.app import KioskApp

    app = KioskApp(settings)
    RUNNING.append(app)
    first = middle = 0.0
    try:
        async with app.run_test(size=SIZE) as pilot:
            await portal_ready(app)
            started = time.perf_counter()
            for number in range(1, sessions + 1):
                await one_session(app, pilot, number)
                if number == RSS_FIRST:
                    first = rss_mb()
                if number == sessions // 2:
                    middle = rss_mb()
            per_session = (time.perf_counter() - started) / sessions
            last = rss_mb()
    finally:
        app.stop_services()
    return first, middle, last, per_session


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
    from screens.citizen.card_reading import CardReadingScreen
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

    def ready_to_continue() -> bool:
        # Continue takes the focus once the card, holder and photo are read; the earliest a person can go on.
        focused = app.focused
        return (
            isinstance(app.screen, CardReadingScreen)
            and focused is not None
            and focused.id == "reading-continue"
        )

    await until(ready_to_continue, "maria's card read")
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


# --- main ---


async def run_async(plan: Plan, folder: Path) -> dict[str, Any]:
    figures: dict[str, Any] = {}
    bare_keys = await bare_key_latencies(plan.presses)
    kiosk_keys = await kiosk_key_latencies(demo_settings(folder / "key"), plan.presses)
    # The first few presses load and warm code: count the steady state, as a person meets it after page one.
    warm = min(5, plan.presses // 4)
    figures["bare_key_p95_ms"] = p95(bare_keys[warm:])
    figures["key_p95_ms"] = p95(kiosk_keys[warm:])
    figures["key_median_ms"] = statistics.median(kiosk_keys[warm:])
    figures["bare_key_median_ms"] = statistics.median(bare_keys[warm:])
    figures["key_first_ms"] = kiosk_keys[0]

    kiosk_first, kiosk_middle, kiosk_last, per_session = await kiosk_rss(
        demo_settings(folder / "rss"), plan.sessions
    )
    bare_first, bare_last = await bare_rss(plan.sessions)
    figures.update(
        rss_first_mb=kiosk_first,
        rss_middle_mb=kiosk_middle,
        rss_last_mb=kiosk_last,
        session_s=per_session,
        bare_rss_first_mb=bare_first,
        bare_rss_last_mb=bare_last,
    )

    ui, core, laps = await journeys(demo_settings(folder / "journey"), plan.journeys)
    figures.update(
        journey_first_s=ui[0],
        journey_s=statistics.median(ui[1:]),
        core_journey_s=statistics.median(core),
        journey_laps_s={name: round(seconds, 3) for name, seconds in laps.items()},  # of the last journey
    )

    bundle_s, separate_s, asked, separate_asked = await bundles(demo_settings(folder / "bundle"), plan.journeys)
    figures.update(
        bundle_s=statistics.median(bundle_s),
        separate_s=statistics.median(separate_s),
        bundle_questions=asked,
        separate_questions=separate_asked,
    )
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--quick", action="store_true", help="fewer runs, presses and sessions (about a minute)"
    )
    parser.add_argument("--bundle", action="store_true", help="only the bundle figure (about half a minute)")
    arguments = parser.parse_args()
    if arguments.bundle:
        return bundle_only()
    plan = QUICK if arguments.quick else FULL
    os.environ["TEXTUAL_ANIMATIONS"] = "none"
    start = bench_start(plan.start_runs)
    with tempfile.TemporaryDirectory() as scratch:
        figures = asyncio.run(run_async(plan, Path(scratch)))
    key_ratio = figures["key_p95_ms"] / figures["bare_key_p95_ms"]
    rss_growth = figures["rss_last_mb"] / figures["rss_first_mb"] - 1
    bare_rss_growth = figures["bare_rss_last_mb"] / figures["bare_rss_first_mb"] - 1
    journey_ratio = figures["journey_s"] / figures["core_journey_s"]
    rows = [
        ("start (s, median)", start["kiosk_s"], start["bare_s"], start["ratio"], "ratio <= 1.3"),
        ("key p95 (ms)", figures["key_p95_ms"], figures["bare_key_p95_ms"], key_ratio, "<= 50 ms"),
        ("key median (ms)", figures["key_median_ms"], figures["bare_key_median_ms"], None, ""),
        ("RSS first (MB)", figures["rss_first_mb"], figures["bare_rss_first_mb"], None, f"after {RSS_FIRST}"),
        ("RSS half-way (MB)", figures["rss_middle_mb"], None, None, f"after {plan.sessions // 2}"),
        ("RSS last (MB)", figures["rss_last_mb"], figures["bare_rss_last_mb"], None, f"after {plan.sessions}"),
        ("RSS growth", rss_growth, bare_rss_growth, None, "<= 0.10"),
        ("journey (s, median)", figures["journey_s"], figures["core_journey_s"], journey_ratio, "< 3 s"),
        ("journey, first (s)", figures["journey_first_s"], None, None, "loads screens"),
        (
            "bundle of 3 (s)",
            figures["bundle_s"],
            figures["separate_s"],
            figures["bundle_s"] / figures["separate_s"],
            "< 5 s",
        ),
    ]
    print(f"{'figure':<22}{'kiosk':>10}{'baseline':>10}{'ratio':>8}  target")
    for name, kiosk, baseline, ratio, target in rows:
        print(f"{name:<22}{_cell(kiosk)}{_cell(baseline)}{_cell(ratio, 8)}  {target}")
    laps = ", ".join(f"{name} {seconds:.2f}" for name, seconds in figures["journey_laps_s"].items())
    print(f"journey stages (s, last run): {laps}")
    print(
        "baselines: bare Textual app (start, key, RSS: same-widgets page pushed and popped); "
        "KioskCore without screens (journey)"
    )
    result = {
        "start_ratio": round(start["ratio"], 3),
        "key_p95_ms": round(figures["key_p95_ms"], 2),
        "key_ratio": round(key_ratio, 3),
        "rss_growth": round(rss_growth, 4),
        "journey_s": round(figures["journey_s"], 3),
        "bundle_s": round(figures["bundle_s"], 3),
        "benchmark": "tui",
        "bundle_separate_s": round(figures["separate_s"], 3),
        "bundle_ratio": round(figures["bundle_s"] / figures["separate_s"], 3),
        "bundle_questions": figures["bundle_questions"],
        "separate_questions": figures["separate_questions"],
        "quick": plan is QUICK,
        "start_kiosk_s": round(start["kiosk_s"], 4),
        "start_bare_s": round(start["bare_s"], 4),
        "start_cpu_ratio": round(start["cpu_ratio"], 3),
        "bare_key_p95_ms": round(figures["bare_key_p95_ms"], 2),
        "key_first_ms": round(figures["key_first_ms"], 1),
        "rss_first_mb": round(figures["rss_first_mb"], 1),
        "rss_middle_mb": round(figures["rss_middle_mb"], 1),
        "rss_last_mb": round(figures["rss_last_mb"], 1),
        "rss_growth_second_half": round(figures["rss_last_mb"] / figures["rss_middle_mb"] - 1, 4),
        "sessions": plan.sessions,
        "session_s": round(figures["session_s"], 3),
        "bare_rss_growth": round(bare_rss_growth, 4),
        "journey_first_s": round(figures["journey_first_s"], 3),
        "core_journey_s": round(figures["core_journey_s"], 3),
        "journey_laps_s": figures["journey_laps_s"],
    }
    result["meets_targets"] = (
        result["start_ratio"] <= TARGETS["start_ratio"]
        and result["key_p95_ms"] <= TARGETS["key_p95_ms"]
        and result["rss_growth"] <= TARGETS["rss_growth"]
        and result["journey_s"] < TARGETS["journey_s"]
        and result["bundle_s"] < TARGETS["bundle_s"]
    )
    # Speech output (issue 13, bench/tui_speech.py): a screen change to the speech command started.
    from bench import tui_speech

    speech = tui_speech.run(40 if plan is QUICK else 100)
    print("\n".join(tui_speech.table(speech)))
    result |= tui_speech.json_figures(speech)
    result["meets_targets"] = bool(result["meets_targets"]) and bool(result["speech_meets_target"])
    print(json.dumps(result))
    return 0


def bundle_only() -> int:
    """`bench/tui.py --bundle`: only the bundle figure, table and JSON line as the full run."""
    with tempfile.TemporaryDirectory() as scratch:
        bundle_s, separate_s, asked, separate_asked = asyncio.run(
            bundles(demo_settings(Path(scratch) / "bundle"), FULL.journeys)
        )
    bundle, separate = statistics.median(bundle_s), statistics.median(separate_s)
    print(f"{'figure':<22}{'kiosk':>10}{'baseline':>10}{'ratio':>8}  target")
    print(f"{'bundle of 3 (s)':<22}{_cell(bundle)}{_cell(separate)}{_cell(bundle / separate, 8)}  < 5 s")
    print(f"questions asked: {asked} in the bundle, {separate_asked} as three journeys")
    print("baseline: the same three services as three separate journeys through KioskCore, a receipt each")
    result = {
        "bundle_s": round(bundle, 3),
        "benchmark": "tui-bundle",
        "bundle_separate_s": round(separate, 3),
        "bundle_ratio": round(bundle / separate, 3),
        "bundle_questions": asked,
        "separate_questions": separate_asked,
        "meets_targets": bundle < TARGETS["bundle_s"],
    }
    print(json.dumps(result))
    return 0


def _cell(value: float | None, width: int = 10) -> str:
    return f"{'':>{width}}" if value is None else f"{value:>{width}.3f}"


if __name__ == "__main__":
    raise SystemExit(main())
