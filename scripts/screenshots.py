"""Screenshots for the README and docs/citizen.md, taken from a real visit to the real kiosk.

    .venv/bin/python scripts/screenshots.py [OUT_DIR]   (default docs/screenshots)

The app runs headless (Textual's Pilot, as tests/ui/test_citizen_journey.py drives it) with the embedded demo
portal and the simulated card reader, once in Portuguese and once in English, through one whole visit: the
first screen, the demo card (Maria) with her photo, home, search while typing, a service's start page, the PIN
(typed wrong twice, so the last-try warning shows), a question answered wrong then right, check your answers,
the confirmation with its QR, my applications, leaving, the idle warning, and the certificate's seal checked on
the kiosk. Each screen is saved at 100x30 cells as `<screen>-<pt|en>.png`. The receipt and the certificate that
the English visit really printed (the spool folder's PDFs) become receipt-sample.png and certificate-sample.png.

Needs rsvg-convert and pdftoppm (make test installs both). Textual saves SVG; rsvg-convert turns it into PNG
faithfully (monospace grid, box drawing, colours). Each visit starts from an empty data folder, so a re-run
gives the same pictures but for dates and references.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
import tempfile
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from shots import LANGUAGES, MARIA_PIN, demo_kiosk, out_dir
from textual.widgets import Input

from screens.app import KioskApp
from screens.citizen.attract import AttractScreen
from screens.citizen.check_answers import CheckAnswersScreen
from screens.citizen.home import HomeScreen
from screens.citizen.leaving import LeavingScreen
from screens.citizen.my_applications import MyApplicationsScreen
from screens.citizen.question import QuestionScreen
from screens.citizen.service_start import ServiceStartScreen
from screens.citizen.verify import VerifyScreen
from screens.dialogs.idle import IdleDialog
from screens.dialogs.pin import PinDialog
from screens.messages import BrowseServices

SERVICE = "RESIDENCE-CERT"  # an instant service: it prints a sealed certificate on the spot
SEARCH = "certidao"  # typed without the accent, as people do
WRONG_PIN = "9999"


def pin_asked(app: KioskApp, tries_left: int) -> bool:
    """The PIN dialog is open and says ``tries_left`` tries are left."""
    return isinstance(app.screen, PinDialog) and app.screen.tries.tries_left == tries_left


async def visit(out: Path, language: str, data: Path) -> None:
    """One citizen's whole visit in ``language``, with a picture of every screen on the way."""
    async with demo_kiosk(out, language, data) as (app, pilot, shot):
        await shot.save("attract")

        # The demo card: reading, then the holder's photo and name, and Continue.
        await shot.card_in(picture="card")
        await shot.save("home")

        # "Are you still there?": the app's own idle warning, answered with "more time".
        app.warn_idle()
        await shot.until(lambda: isinstance(app.screen, IdleDialog), "the idle warning")
        await shot.save("idle")
        await pilot.press("escape")
        await shot.until(lambda: isinstance(app.screen, HomeScreen), "home again")

        # Search while typing, without the accent.
        app.screen.query_one("#search-input").focus()
        await pilot.press(*SEARCH)
        await shot.until(
            lambda: SEARCH in shot.shown("#results-heading") and bool(app.screen.query(f"#service-{SERVICE}")),
            "the search results",
        )
        await shot.save("search")
        await shot.choose(f"#service-{SERVICE}")  # further down the list than 30 rows show
        await shot.until(lambda: isinstance(app.screen, ServiceStartScreen), "the start page")
        await shot.save("service-start")
        await shot.choose("#start")

        # The PIN, asked now because the service is personal: two digits typed, then wrong twice, so the
        # dialog warns that the next wrong PIN blocks the card; then the right one.
        await shot.until(lambda: isinstance(app.screen, PinDialog), "the PIN dialog")
        await pilot.press(*MARIA_PIN[:2])
        await shot.save("pin")
        await pilot.press("backspace", "backspace")
        for tries_left in (2, 1):
            await pilot.press(*WRONG_PIN, "enter")
            await shot.until(
                partial(pin_asked, app, tries_left), f"the PIN dialog with {tries_left} tries left"
            )
        await shot.save("pin-last-try")
        await pilot.press(*MARIA_PIN, "enter")

        # A question answered wrong: the inline error and the summary at the top; then answered right.
        await shot.until(lambda: isinstance(app.screen, QuestionScreen), "the first question")
        app.clear_notifications()  # the wrong PINs' toasts: they belong to the PIN pictures
        await pilot.press(*"abc", "enter")
        await shot.until(lambda: app.screen.query_one("#error-summary").display, "the error summary")
        await shot.save("question-error")
        app.screen.query_one(Input).value = ""
        await pilot.press("7", "enter")
        await shot.until(
            lambda: isinstance(app.screen, QuestionScreen) and "2" in shot.shown("#progress"), "question 2"
        )
        await pilot.press("enter")  # the first purpose
        await shot.choose("#continue")
        await shot.until(lambda: isinstance(app.screen, CheckAnswersScreen), "check your answers")
        await shot.save("check-answers")
        await shot.choose("#submit")

        # The confirmation: reference, papers printed, the QR for the digital copy.
        screen = await shot.sent("the request")
        assert screen.confirmation is not None
        seal = next(document.seal for document in screen.confirmation.documents if document.seal)
        await shot.save("confirmation")

        # My applications, from home: the request just made, with its history.
        app.post_message(BrowseServices())  # home again, as the confirmation's 'other services'
        await shot.until(lambda: isinstance(app.screen, HomeScreen), "home after the confirmation")
        await shot.choose("#my-applications")
        await shot.until(lambda: isinstance(app.screen, MyApplicationsScreen), "my applications")
        await shot.save("my-applications")
        await pilot.press("escape")
        await shot.until(lambda: isinstance(app.screen, HomeScreen), "home after my applications")

        # Finish: "take your card and your papers", then the card leaves and the kiosk forgets the person.
        await pilot.press("r")
        await shot.until(lambda: isinstance(app.screen, LeavingScreen), "the leaving screen")
        await shot.save("leaving")
        await shot.until(lambda: app.session is None and isinstance(app.screen, AttractScreen), "the wipe")

        # Anyone can check a certificate at the kiosk: here, the seal just printed (a QR scanner types it).
        await pilot.press("v")
        await shot.until(lambda: isinstance(app.screen, VerifyScreen), "the certificate check")
        app.screen.query_one("#seal", Input).value = seal
        await shot.choose("#verify-check")
        await shot.until(lambda: getattr(app.screen, "check", None) is not None, "the verdict")
        await shot.save("verify")


def printed(spool: Path, out: Path) -> None:
    """The receipt and the certificate that the visit printed, rendered by poppler's pdftoppm."""
    receipts = sorted(spool.glob("*-receipt.pdf"))
    certificates = sorted(path for path in spool.glob("*.pdf") if "receipt" not in path.name)
    if len(receipts) != 1 or len(certificates) != 1:
        raise SystemExit(
            f"expected one receipt and one certificate in {spool}, found {receipts + certificates}"
        )
    for pdf, name, resolution in ((receipts[0], "receipt", "120"), (certificates[0], "certificate", "60")):
        stem = out / f"{name}-sample"
        subprocess.run(["pdftoppm", "-png", "-r", resolution, "-singlefile", str(pdf), str(stem)], check=True)
        print(stem.with_suffix(".png"))


def main() -> None:
    target = out_dir(sys.argv)
    for language in LANGUAGES:
        with tempfile.TemporaryDirectory() as folder:
            data = Path(folder)
            asyncio.run(visit(target, language, data))
            if language == "en":
                printed(data / "spool", target)
    # The counter terminal's pictures (docs/counter.md), from a session at a desk.
    from counter_screenshots import counter_shots

    counter_shots(target)
    # Citizen journeys II (docs/citizen.md 16-19): a bundle, the change of address, the company's partners.
    from journeys2_screenshots import journeys2_shots

    journeys2_shots(target)
    # The queue (docs/display.md, docs/citizen.md): the kiosk's ticket and the public display.
    from display_screenshots import main as display_shots

    asyncio.run(display_shots(target))


if __name__ == "__main__":
    main()
