"""What bench/tui.py and its companions share: waiting on the app under test, memory, percentiles, and the
project's kiosk.toml in a scratch folder."""

from __future__ import annotations

import asyncio
import gc
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kiosk.config import Settings, load_settings

ROOT = Path(__file__).resolve().parents[1]
SIZE = (100, 36)


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


def card_read(app: Any) -> Callable[[], bool]:
    """The card, its holder and photo are read: Continue has the focus, the earliest a person can go on."""
    from screens.citizen.card_reading import CardReadingScreen

    def ready_to_continue() -> bool:
        focused = app.focused
        return (
            isinstance(app.screen, CardReadingScreen)
            and focused is not None
            and focused.id == "reading-continue"
        )

    return ready_to_continue


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


class PaintLog:
    """Pages' first paints, in order, until the benchmark takes them (it keeps no page alive after that)."""

    def __init__(self) -> None:
        self.pages: list[tuple[Any, float]] = []

    def painted(self, page: Any) -> None:
        self.pages.append((page, time.perf_counter()))

    async def next_page(self, what: str) -> tuple[Any, float]:
        await until(lambda: bool(self.pages), what, timeout=20)
        return self.pages.pop(0)


async def portal_ready(app: Any) -> None:
    await until(lambda: app.portal_status_key == "attract.portal_ready", "the embedded portal", timeout=120)
