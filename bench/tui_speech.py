"""Speech output's latency: a screen change to the speech command started, beside the bare command.

With reading aloud on, a dialog is pushed over the attract screen and popped again, ``runs`` times. Measured:

* speech_p95_ms: from the app's screen-change signal (sent as the dialog is pushed) to the speech command
  spawned and fed its text (Speaker's on_started). Textual sends that signal from push_screen as it puts the
  dialog on the stack; the dialog's mount, which sets its texts, follows.
* speech_path_p95_ms: the speech path's own share, from the summary asked for (right after the mount) to the
  command started: the speech thread and the spawn.
* speech_from_push_p95_ms: from the push_screen call, so with the dialog's whole compose and mount, which a
  loaded machine stretches (bench/tui.py's key figures measure those).
* bare_spawn_p95_ms (baseline): the same command spawned and fed directly, without the app.

The command is ``cat``: it reads its text and says nothing, so the figure is the kiosk's way to the command,
not a voice. bench/tui.py includes these figures; alone (about a minute):

    .venv/bin/python -m bench.tui_speech [--runs 100]

Target (issue 13): speech_p95_ms <= 100.
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
import dataclasses
import json
import os
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable

ROOT = Path(__file__).resolve().parents[1]

from bench.tui import demo_settings, p95, until  # noqa: E402
from kiosk.config import Settings  # noqa: E402
from kiosk.i18n import text  # noqa: E402
from kiosk.speech import Utterance  # noqa: E402

SPEECH_TARGET_P95_MS = 100.0
SPEECH_COMMAND = "cat"


def speech_settings(folder: Path) -> Settings:
    """bench/tui.py's demo settings with the silent speech command."""
    settings = demo_settings(folder)
    return dataclasses.replace(
        settings, accessibility=dataclasses.replace(settings.accessibility, speech_command=SPEECH_COMMAND)
    )


async def measure(folder: Path, runs: int) -> dict[str, float]:
    from screens.app import KioskApp
    from screens.dialogs.idle import IdleDialog

    class QuietKiosk(KioskApp):
        def start_services(self) -> None:
            return None

        def watch_idle(self) -> None:
            return None

    app = QuietKiosk(speech_settings(folder))
    started: list[tuple[float, float, str]] = []  # (started, asked for, text)
    changed: list[float] = []
    from_change: list[float] = []
    path: list[float] = []
    from_push: list[float] = []

    def on_started(utterance: Utterance) -> None:
        started.append((time.perf_counter(), utterance.requested_at, utterance.text))

    def said_after(index: int, beginning: str) -> int | None:
        for position in range(index, len(started)):
            if started[position][2].startswith(beginning):
                return position
        return None

    def heard(index: int, beginning: str) -> Callable[[], bool]:
        return lambda: said_after(index, beginning) is not None

    idle_heading = text(app.language, "entry.idle.heading")
    attract_heading = text(app.language, "entry.attract.heading")
    async with app.run_test(size=(120, 40)) as pilot:
        app.speech.speaker._on_started = on_started
        app.screen_change_signal.subscribe(app, lambda _screen: changed.append(time.perf_counter()))
        await pilot.pause()
        app.action_toggle_speech()
        await until(lambda: said_after(0, attract_heading) is not None, "the attract screen read aloud")
        for _ in range(runs):
            await asyncio.sleep(0.05)
            before = len(started)
            pushed = time.perf_counter()
            app.push_screen(IdleDialog(30))
            await until(heard(before, idle_heading), "the dialog's speech")
            position = said_after(before, idle_heading)
            assert position is not None
            spawned, asked, _ = started[position]
            from_change.append((spawned - changed[-1]) * 1000)
            path.append((spawned - asked) * 1000)
            from_push.append((spawned - pushed) * 1000)
            after = len(started)
            app.pop_screen()
            await until(heard(after, attract_heading), "back to attract")
        app.speech.close()
    baseline = []
    for _ in range(runs):
        began = time.perf_counter()
        process = subprocess.Popen(
            [SPEECH_COMMAND], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        assert process.stdin is not None
        process.stdin.write(idle_heading.encode())
        process.stdin.close()
        baseline.append((time.perf_counter() - began) * 1000)
        process.wait()
    return {
        "speech_p95_ms": p95(from_change),
        "speech_median_ms": statistics.median(from_change),
        "speech_path_p95_ms": p95(path),
        "speech_from_push_p95_ms": p95(from_push),
        "bare_spawn_p95_ms": p95(baseline),
    }


def run(runs: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as scratch:
        return asyncio.run(measure(Path(scratch), runs))


def table(figures: dict[str, float]) -> list[str]:
    ratio = figures["speech_p95_ms"] / figures["bare_spawn_p95_ms"]
    return [
        f"{'speech p95 (ms)':<22}{figures['speech_p95_ms']:>10.3f}{figures['bare_spawn_p95_ms']:>10.3f}"
        f"{ratio:>8.3f}  <= {SPEECH_TARGET_P95_MS:.0f} ms (screen change -> command started)",
        f"{'speech median (ms)':<22}{figures['speech_median_ms']:>10.3f}",
        f"{'speech from push p95':<22}{figures['speech_from_push_p95_ms']:>10.3f}{'':>18}  push -> started",
        f"{'speech path p95 (ms)':<22}{figures['speech_path_p95_ms']:>10.3f}{'':>18}  summary asked -> started",
    ]


def json_figures(figures: dict[str, float]) -> dict[str, float | bool]:
    return {key: round(value, 2) for key, value in figures.items()} | {
        "speech_ratio": round(figures["speech_p95_ms"] / figures["bare_spawn_p95_ms"], 2),
        "speech_meets_target": figures["speech_p95_ms"] <= SPEECH_TARGET_P95_MS,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=100)
    os.environ["TEXTUAL_ANIMATIONS"] = "none"
    figures = run(parser.parse_args().runs)
    print(f"{'figure':<22}{'kiosk':>10}{'baseline':>10}{'ratio':>8}  target")
    print("\n".join(table(figures)))
    load = os.getloadavg()[0]
    print(f"baseline: the command spawned directly; load average {load:.1f} on {os.cpu_count()} CPUs")
    print(json.dumps({"benchmark": "tui-speech", **json_figures(figures), "load_average": round(load, 1)}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
