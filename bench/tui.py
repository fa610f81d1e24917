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
import json
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from textual.app import App, ComposeResult
from textual.screen import Screen
from textual.widgets import Button, Input, Static

from bench.startup import interleaved_runs
from bench.tui_journey import bundles, journeys
from bench.tui_support import (
    RUNNING,
    SIZE,
    PaintLog,
    card_read,
    demo_settings,  # demo_settings, p95 and until: bench/tui_speech.py takes them from here too
    on_screen,
    p95,
    portal_ready,
    rss_mb,
    until,
)
from kiosk.config import Settings

KEY_SERVICE = "BULKY-WASTE"  # no card needed; its "location" (text) page is followed by another one-Input page
KEY_FIELD, NEXT_FIELD = "location", "postal_code"
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
    from screens.citizen.home import HomeScreen, ServiceButton
    from screens.citizen.service_start import ServiceStartScreen
    from screens.messages import OpenService

    app.insert_demo_card()

    await until(card_read(app), "the card read")
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
