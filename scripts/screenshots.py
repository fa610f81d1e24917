"""Screenshots for the README and the user guide: the demo journey, headless, in both languages.

    .venv/bin/python scripts/screenshots.py [OUT_DIR]   (default docs/screenshots)

Needs rsvg-convert and pdftoppm (make test installs both).

Textual saves SVG; rsvg-convert turns it into PNG faithfully (monospace grid, box drawing, colours).
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kiosk.config import load_settings  # noqa: E402
from screens.app import KioskApp  # noqa: E402
from screens.citizen.confirmation import ConfirmationScreen  # noqa: E402
from screens.citizen.home import HomeScreen, ServiceButton  # noqa: E402

SIZE = (100, 30)


async def until(pilot: object, condition: Callable[[], bool], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise SystemExit("the demo did not reach the expected screen")
        await asyncio.sleep(0.1)


async def shoot(out: Path) -> None:
    with tempfile.TemporaryDirectory() as data:
        config = Path(data) / "kiosk.toml"
        config.write_text(
            f'[kiosk]\ndata_dir = "{data}"\n[printers]\nreceipt = "spool:{data}/spool"\n'
            f'documents = "spool:{data}/spool"\njournal = "{data}/journal.sqlite"\n'
        )
        app = KioskApp(load_settings(config, env={}))
        try:
            async with app.run_test(size=SIZE) as pilot:
                await until(pilot, lambda: app.portal_status_key == "attract.portal_ready")
                await pilot.pause()
                save(app, out, "attract-pt")
                await pilot.press("l")
                await pilot.pause()
                save(app, out, "attract-en")
                await pilot.press("i")
                await until(
                    pilot, lambda: isinstance(app.screen, HomeScreen) and bool(app.screen.query(ServiceButton))
                )
                await pilot.pause()
                save(app, out, "home-en")
                await pilot.press("enter")
                await until(
                    pilot,
                    lambda: isinstance(app.screen, ConfirmationScreen) and app.screen.confirmation is not None,
                )
                await pilot.pause()
                save(app, out, "confirmation-en")
        finally:
            app.stop_services()


def save(app: KioskApp, out: Path, name: str) -> None:
    svg = out / f"{name}.svg"
    app.save_screenshot(filename=svg.name, path=str(out))
    subprocess.run(["rsvg-convert", "-o", str(out / f"{name}.png"), str(svg)], check=True)
    svg.unlink()
    print(out / f"{name}.png")


def documents(out: Path) -> None:
    """The sample receipt and certificate as printed, rendered by poppler's pdftoppm."""
    with tempfile.TemporaryDirectory() as folder:
        for kind, resolution in (("receipt", "90"), ("certificate", "60")):
            pdf = Path(folder) / f"{kind}.pdf"
            subprocess.run(
                [sys.executable, "-m", "kiosk", "print", "render", kind, "--sample", "--out", str(pdf)],
                check=True,
            )
            stem = out / f"{kind}-sample"
            subprocess.run(
                ["pdftoppm", "-png", "-r", resolution, "-singlefile", str(pdf), str(stem)], check=True
            )
            print(stem.with_suffix(".png"))


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots"
    target.mkdir(parents=True, exist_ok=True)
    asyncio.run(shoot(target))
    documents(target)
