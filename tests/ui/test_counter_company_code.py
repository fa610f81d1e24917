"""A new company certificate code asked for at the counter on a citizen's behalf, under Pilot, against the
reference portal under uvicorn: the citizen's card in the counter reader (the simulated one), N on the serve
screen, their PIN on the keypad, the kiosk's own page for the NIPC. A partner of the demo company gets a code
shown once and printed on the counter's receipt printer (the PDF read back from the spool); someone else is
refused in the counter's plain words, and nothing is printed. Portuguese at 80x24, English at 120x40."""

from __future__ import annotations

import re
from pathlib import Path

from textual.widgets import Input

from kiosk.config import Settings
from portal.content.demo_people import DEMO_COMPANY_NIPC
from screens.citizen.company_code import CompanyCodeScreen
from tests.conftest import pdf_text
from tests.counter.fixtures import counter_settings, shared_portal
from tests.counter.pilot import QuietCounter, said, serve_citizen, sign_in, type_into, with_pin
from tests.helpers import click, wait_until
from tests.portal.conftest import RunningPortal
from tests.portal.test_hardening_trust import audit_events

CODE = re.compile(r"[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}")


async def test_a_partner_gets_a_new_code_shown_once_and_printed_pt(
    counter_settings: Settings, shared_portal: RunningPortal, spool_dir: Path
) -> None:
    app = QuietCounter(counter_settings)
    app.language = "pt"
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot)
        serve = await serve_citizen(pilot, "maria")  # a partner of the demo company
        assert not serve.query_one("#serve-company-code").display, "offered beside a company's NIPC"
        # She is here for her company: the clerk chose it with its NIPC, so the code's page offers that NIPC.
        await click(pilot, "#represent-company")
        assert "Código da certidão da empresa (N)" in said(app, "#serve-company-code")
        await type_into(pilot, "#serve-represented", DEMO_COMPANY_NIPC, enter=False)
        app.set_focus(None)
        await with_pin(pilot, "n", "maria")
        await wait_until(pilot, lambda: isinstance(app.screen, CompanyCodeScreen), "the code's page")
        page = app.screen
        assert isinstance(page, CompanyCodeScreen)
        assert page.query_one("#nipc", Input).value == DEMO_COMPANY_NIPC
        assert app.screen.query("QueueStrip"), "the queue stays in sight at the desk"

        page.query_one("#nipc", Input).focus()
        await pilot.press("enter")
        await wait_until(
            pilot, lambda: app.screen is not page and isinstance(app.screen, CompanyCodeScreen), "code"
        )
        shown = app.screen
        assert isinstance(shown, CompanyCodeScreen)
        assert shown.finished
        on_screen = said(app, "#company-code")
        [code] = CODE.findall(on_screen)
        assert f"NIPC {DEMO_COMPANY_NIPC}" in on_screen
        assert "não volta a ser mostrado" in on_screen
        assert "O código foi impresso" in said(app, "#company-outcome")

        paper = " ".join(pdf_text(spool_dir / f"{DEMO_COMPANY_NIPC}-receipt.pdf").split())
        assert "Novo código de acesso à certidão permanente" in paper, paper
        assert code in paper, "the code on the counter's receipt printer"
        assert "O código anterior deixou de funcionar" in paper

        await pilot.press("escape")  # Done: back to the serve screen, told what was done, never the code
        await wait_until(pilot, lambda: app.screen is serve and serve.said is not None, "back to serve")
        told = said(app, "#serve-said")
        assert f"empresa {DEMO_COMPANY_NIPC}: mostrado uma vez e impresso" in told
        assert code not in told
        assert app.session is not None, "the citizen is still at the desk"
        assert last_code_event(shared_portal, app) == ("new permanent-certificate code", "counter", True)


async def test_someone_who_is_not_a_partner_is_refused_in_plain_words_en(
    counter_settings: Settings, shared_portal: RunningPortal, spool_dir: Path
) -> None:
    app = QuietCounter(counter_settings)
    app.language = "en"
    async with app.run_test(size=(120, 40)) as pilot:
        await sign_in(pilot)
        serve = await serve_citizen(pilot, "ines")  # not a partner of the demo company
        await with_pin(pilot, "n", "ines")
        await wait_until(pilot, lambda: isinstance(app.screen, CompanyCodeScreen), "the code's page")
        page = app.screen
        assert isinstance(page, CompanyCodeScreen)
        assert page.query_one("#nipc", Input).value == "", "Inês registered no company: the clerk types it"

        await type_into(pilot, "#nipc", "5099")
        assert "9 digits" in said(app, "#company-outcome"), "a NIPC too short is said before anything is sent"
        await type_into(pilot, "#nipc", "509 999 999")
        await wait_until(
            pilot, lambda: app.screen is not page and isinstance(app.screen, CompanyCodeScreen), "answer"
        )
        refused = app.screen
        assert isinstance(refused, CompanyCodeScreen)
        assert refused.outcome is not None
        assert refused.outcome.refused
        words = said(app, "#company-outcome")
        assert f"No code for NIPC {DEMO_COMPANY_NIPC}" in words
        assert "only to a partner of the company" in words
        assert "Check the NIPC with them" in words
        assert "ask at a counter" not in words, "the clerk is the counter"
        assert not list(spool_dir.glob(f"{DEMO_COMPANY_NIPC}*")), "nothing printed"

        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is serve, "back to the serve screen")
        assert serve.said is None, "nothing was given"
        assert app.session is not None
        assert last_code_event(shared_portal, app) == ("refused", "counter", True)


def last_code_event(portal: RunningPortal, app: QuietCounter) -> tuple[str, str, bool]:
    """The portal's audit of the last code asked for the demo company: its purpose, its channel, and whether
    it names the clerk signed in at this counter (the actor is the citizen served)."""
    clerk = app.core.counter.clerk
    assert clerk is not None
    event = next(
        event
        for event in audit_events(portal)
        if event["action"] == "company.certificate_code" and event["object_ref"] == DEMO_COMPANY_NIPC
    )
    assert event["actor"].startswith("citizen:")
    return event["purpose"], event["channel"], event["staff_id"] == clerk.staff_id


__all__ = ["counter_settings", "shared_portal"]  # fixtures, used by name
