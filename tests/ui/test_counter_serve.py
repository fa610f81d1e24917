"""Serving a citizen at the counter under Pilot, against the reference portal under uvicorn: the citizen's
card in the counter reader (the simulated one), their PIN on the keypad, the kiosk's own service pages opened
for them, back to the serve screen after the service, cash with the change computed by the portal and a cash
receipt on paper, a short amount refused in plain words, and the citizen forgotten when they leave."""

from __future__ import annotations

import uuid
from pathlib import Path

from textual.widgets import DataTable

from kiosk.config import Settings
from screens.citizen.home import HomeScreen
from screens.counter.cash import CashDialog
from screens.counter.desk import DeskScreen
from screens.counter.reprint import PORTAL, ReprintScreen
from screens.counter.serve import ServeScreen
from screens.dialogs.pin import PinDialog
from tests.conftest import pdf_text
from tests.counter.fixtures import counter_settings, shared_portal
from tests.counter.pilot import QuietCounter, said, sign_in, type_into
from tests.counter.test_representing import kept_representation
from tests.helpers import click, wait_until
from tests.portal.conftest import RunningPortal

MARIA_PIN = "1234"


async def test_serve_a_citizen_and_take_cash(
    counter_settings: Settings, shared_portal: RunningPortal, spool_dir: Path
) -> None:
    app = QuietCounter(counter_settings)
    app.language = "en"
    async with app.run_test(size=(120, 40)) as pilot:
        await sign_in(pilot)
        app.set_focus(None)
        await pilot.press("s")
        await wait_until(pilot, lambda: isinstance(app.screen, ServeScreen), "the serve screen")
        serve = app.screen
        assert isinstance(serve, ServeScreen)
        assert "Insert the citizen's card" in said(app, "#serve-citizen")

        await pilot.press("i")  # the demo card into the counter's (simulated) reader
        await wait_until(pilot, lambda: serve.holder is not None, "the card read")
        assert app.session is not None
        holder = app.session.holder_name
        assert holder in said(app, "#serve-citizen")

        await click(pilot, "#represent-minor")  # the citizen acts for their child
        app.set_focus(None)
        await pilot.press("s")
        await wait_until(pilot, lambda: serve.problem is not None, "the minor's name asked for")
        assert "minor's full name" in said(app, "#serve-problem")
        await type_into(pilot, "#serve-represented", "Rita Sousa", enter=False)
        app.set_focus(None)
        await pilot.press("s")  # a service for them: the PIN first, typed by the citizen on the keypad
        await wait_until(pilot, lambda: isinstance(app.screen, PinDialog), "the PIN")
        await pilot.press(*MARIA_PIN, "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen), "the services")
        assert app.session.portal_token

        # The service itself is the kiosk's journey (tested there); here its last page's submission is made.
        service = await app.core.service("BIRTH-CERT", "en")
        submitted = await app.core.submit(
            app.session, service.summary, {"whose": "self", "purpose": "school"}, uuid.uuid4().hex, "en"
        )
        assert submitted.status == "awaiting_payment"
        assert kept_representation(shared_portal, submitted.reference) == {
            "kind": "minor",
            "identifier": "Rita Sousa",
        }

        app.set_focus(None)  # out of the search field, where R is a letter
        await pilot.press("r")  # the journey's Finish: back to the serve screen, the citizen still there
        await wait_until(pilot, lambda: app.screen is serve, "back to the serve screen")
        assert app.session is not None

        app.set_focus(None)
        await pilot.press("k")
        await wait_until(pilot, lambda: isinstance(app.screen, CashDialog), "the cash dialog")
        # The clerk's screen is in English: the fee is written the English way, as on the receipt.
        await wait_until(pilot, lambda: "€10.00" in said(app, "#cash-due"), "the fee due")
        await type_into(pilot, "#cash-tendered", "5")
        assert "€5.00 does not cover the €10.00 due" in said(app, "#cash-problem")
        await type_into(pilot, "#cash-tendered", "20")
        await wait_until(pilot, lambda: serve.said is not None or serve.problem is not None, "the change")
        assert serve.problem is None, serve.problem
        assert "Give back €10.00 in change" in said(app, "#serve-said")
        [receipt] = [path for path in spool_dir.iterdir() if "cash-receipt" in path.name]
        paper = " ".join(pdf_text(receipt).split())
        assert submitted.reference in paper.replace(" ", "") or submitted.reference in paper
        assert "Change: €10.00" in paper
        # The certificate the payment issued comes out at once, after the cash receipt.
        issued = [path for path in spool_dir.glob(f"{submitted.reference}*.pdf") if "receipt" not in path.name]
        assert len(issued) == 1, sorted(path.name for path in spool_dir.iterdir())

        # Paid, the certificate was issued: the citizen's own documents can be printed again from the portal.
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, DeskScreen), "the desk")
        app.set_focus(None)
        await pilot.press("p")
        await wait_until(pilot, lambda: isinstance(app.screen, ReprintScreen), "reprint")
        reprint = app.screen
        assert isinstance(reprint, ReprintScreen)
        await wait_until(pilot, lambda: bool(reprint.citizen_documents), "the citizen's documents")
        table = reprint.query_one("#reprint-table", DataTable)
        table.focus()
        table.move_cursor(row=table.get_row_index(f"{PORTAL}{submitted.reference}"))
        await pilot.press("enter")
        await wait_until(pilot, lambda: reprint.said is not None, "the reprint")
        assert f"Printed again: 1 document(s) for {submitted.reference}" in said(app, "#reprint-said")

        await pilot.press("escape")
        app.set_focus(None)
        await pilot.press("s")  # back to the citizen, still at the desk
        await wait_until(pilot, lambda: isinstance(app.screen, ServeScreen), "serve again")
        serve = app.screen
        assert isinstance(serve, ServeScreen)
        assert serve.holder == holder
        app.set_focus(None)
        await pilot.press("f")  # finished: the demo card comes out and nothing of the citizen stays
        await wait_until(pilot, lambda: app.session is None and serve.holder is None, "the citizen forgotten")
        assert holder not in said(app, "#serve-citizen")


__all__ = ["counter_settings", "shared_portal"]  # fixtures, used by name
