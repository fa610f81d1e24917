"""What the screenshot scripts share: where the pictures go, the camera, the demo kiosk's configuration.

scripts/screenshots.py (the citizen's visit), counter_screenshots.py, display_screenshots.py and
journeys2_screenshots.py each drive one part of the app under Textual's Pilot; this module holds what they do
alike, so a change to how a picture is taken (the size, the SVG to PNG step, the demo configuration) is made
once. Needs rsvg-convert (make test installs it): Textual saves SVG, rsvg-convert turns it into PNG faithfully
(monospace grid, box drawing, colours).
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from textual.pilot import Pilot  # noqa: E402
from textual.widgets import Static  # noqa: E402

from kiosk.card.emulator.democa import ENV_DIRECTORY, default_directory  # noqa: E402
from kiosk.config import load_settings  # noqa: E402
from screens.app import KioskApp  # noqa: E402
from screens.citizen.card_reading import CardReadingScreen  # noqa: E402
from screens.citizen.confirmation import ConfirmationScreen  # noqa: E402
from screens.citizen.home import HomeScreen  # noqa: E402

# One demo CA for the whole run: tests/portal/conftest.py, whose start_portal the counter pictures use, points
# KIOSK_DEMO_CA_DIR at a fresh folder when it is imported, and the card emulator the kiosk pictures loaded
# before would then carry certificates that portal does not trust (its card login refused: untrusted_issuer).
os.environ.setdefault(ENV_DIRECTORY, str(default_directory()))

SIZE = (100, 30)
LANGUAGES = ("pt", "en")
MARIA_PIN = "1234"  # the first demo card (README, "The demo citizens")


def out_dir(argv: list[str]) -> Path:
    """The folder named on the command line, else docs/screenshots; made if missing."""
    target = Path(argv[1]) if len(argv) > 1 else ROOT / "docs" / "screenshots"
    target.mkdir(parents=True, exist_ok=True)
    return target


def to_png(svg: Path, png: Path) -> None:
    """Textual's SVG as a PNG beside it; the SVG goes."""
    subprocess.run(["rsvg-convert", "-o", str(png), str(svg)], check=True)
    svg.unlink()
    print(png)


def in_each_language(visit: Callable[[str, Path], None]) -> None:
    """Run ``visit(language, data)`` once per language, each from an empty data folder of its own."""
    for language in LANGUAGES:
        with tempfile.TemporaryDirectory() as folder:
            visit(language, Path(folder))


class Shooter:
    """Saves the screen under ``<name>-<language>.png`` in the output folder."""

    def __init__(self, app: KioskApp, pilot: Pilot[Any], out: Path, language: str) -> None:
        self.app, self.pilot, self.out, self.language = app, pilot, out, language

    async def until(self, condition: Callable[[], bool], what: str, timeout: float = 60) -> None:
        """Let the app run until ``condition`` holds; stop the script naming ``what`` after ``timeout``."""
        deadline = time.monotonic() + timeout
        # A pushed screen is app.screen before it is mounted: keys pressed then can reach nothing.
        while not (condition() and self.app.screen.is_mounted):
            if time.monotonic() > deadline:
                screen = type(self.app.screen).__name__
                raise SystemExit(f"screenshots ({self.language}): timed out waiting for {what} (on {screen})")
            await self.pilot.pause(0.05)
            await asyncio.sleep(0.02)

    def shown(self, selector: str) -> str:
        return str(self.app.screen.query_one(selector, Static).render())

    async def choose(self, selector: str) -> None:
        """Press a button as a keyboard user does: focus it (which scrolls it into view), then Enter.

        Steadier than a click in a script: a click lands wherever the button was a frame ago."""
        await self.until(lambda: bool(self.app.screen.query(selector)), selector)
        self.app.screen.query_one(selector).focus()
        await self.pilot.pause(0.1)
        await self.pilot.press("enter")

    async def save(self, name: str) -> None:
        # Let layout, the last repaint and any fade settle, so the picture is the screen a person sees.
        await self.pilot.pause(0.3)
        await self.pilot.wait_for_animation()
        stem = f"{name}-{self.language}"
        svg = self.out / f"{stem}.svg"
        self.app.save_screenshot(filename=svg.name, path=str(self.out))
        to_png(svg, self.out / f"{stem}.png")

    async def card_in(self, picture: str | None = None) -> None:
        """The demo card: reading, the holder's photo and name (saved as ``picture`` if given), Continue."""
        await self.pilot.press("i")
        await self.until(lambda: isinstance(self.app.screen, CardReadingScreen), "the card reading")
        await self.until(lambda: self.app.screen.query_one("#reading-continue").display, "the photo and name")
        if picture is not None:
            await self.save(picture)
        await self.choose("#reading-continue")
        await self.until(lambda: isinstance(self.app.screen, HomeScreen), "home")

    async def sent(self, what: str) -> ConfirmationScreen:
        """The confirmation screen once the portal has answered; the script stops if the request failed."""
        await self.until(lambda: isinstance(self.app.screen, ConfirmationScreen), "the confirmation")
        screen = self.app.screen
        assert isinstance(screen, ConfirmationScreen)
        await self.until(lambda: screen.confirmation is not None or screen.failure is not None, "the answer")
        if screen.confirmation is None:
            raise SystemExit(f"screenshots ({self.language}): {what} failed: {screen.failure}")
        return screen


def config_for(data: Path, language: str) -> Path:
    """The project's kiosk.toml with its data in ``data``, the first screen in ``language`` and no idle
    warning of its own (the scripts open it when they want its picture)."""
    text = (ROOT / "kiosk.toml").read_text(encoding="utf-8")
    for old, new in (
        ('data_dir = "var"', f'data_dir = "{data}"'),
        ('"spool:var/spool"', f'"spool:{data / "spool"}"'),
        ('"var/print-journal.sqlite"', f'"{data / "print-journal.sqlite"}"'),
        ('language = "pt"', f'language = "{language}"'),
        ("idle_warning_seconds = 60", "idle_warning_seconds = 3600"),
    ):
        if old not in text:
            raise SystemExit(f"kiosk.toml changed: {old!r} not found; update scripts/shots.py")
        text = text.replace(old, new)
    path = data / "kiosk.toml"
    path.write_text(text, encoding="utf-8")
    return path


@asynccontextmanager
async def demo_kiosk(
    out: Path, language: str, data: Path
) -> AsyncIterator[tuple[KioskApp, Pilot[Any], Shooter]]:
    """The demo kiosk (embedded portal, simulated reader) headless at SIZE, once its portal answers."""
    app = KioskApp(load_settings(config_for(data, language), env={}))
    try:
        async with app.run_test(size=SIZE) as pilot:
            shot = Shooter(app, pilot, out, language)
            await shot.until(lambda: app.portal_status_key == "attract.portal_ready", "the portal")
            yield app, pilot, shot
    finally:
        app.stop_services()
