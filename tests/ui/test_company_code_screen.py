"""The new company certificate code on screen: offered from My applications, the NIPC checked before it is
sent, the code shown once with whether it was printed, the refusal in plain words; both languages."""

from __future__ import annotations

import pytest
from textual.message import Message
from textual.widgets import Input, Static

from kiosk.config import Settings
from kiosk.services.company_code import CompanyCodeOutcome
from screens.citizen.company_code import CompanyCodeScreen
from screens.citizen.my_applications import MyApplicationsScreen
from screens.messages import CompanyCodeRequested
from tests.helpers import click
from tests.ui.test_browse_screens import browse_app, portal

__all__ = ["portal"]

ISSUED = CompanyCodeOutcome(
    "509999999",
    False,
    "Demonstração Portal, Lda.",
    "Permanent certificate access code",
    "ABCD-EFGH-JKLM",
    printed=True,
)


def shown(screen: CompanyCodeScreen, selector: str) -> str:
    return " ".join(str(screen.query_one(selector, Static).render()).split())


async def test_my_applications_offers_a_new_company_code(
    demo_settings: Settings, portal: tuple[str, str]
) -> None:
    messages: list[Message] = []
    app = browse_app(demo_settings, portal, "en")
    async with app.run_test(size=(80, 24), message_hook=messages.append) as pilot:
        app.navigation.company_code = lambda nipc: None  # type: ignore[method-assign]
        await app.push_screen(MyApplicationsScreen([]))
        await pilot.pause()
        button = app.screen.query_one("#company-code")
        assert "New company certificate code" in str(button.render())
        await click(pilot, "#company-code")
        assert [m.nipc for m in messages if isinstance(m, CompanyCodeRequested)] == [""]


@pytest.mark.parametrize(("language", "words"), [("en", "9 digits"), ("pt", "9 algarismos")])
async def test_the_nipc_is_checked_before_it_is_sent(
    demo_settings: Settings, portal: tuple[str, str], language: str, words: str
) -> None:
    app = browse_app(demo_settings, portal, language)
    results: list[str | None] = []
    async with app.run_test(size=(80, 24)) as pilot:
        screen = CompanyCodeScreen()
        await app.push_screen(screen, callback=results.append)
        await pilot.pause()
        screen.query_one("#nipc", Input).value = "50999"
        await click(pilot, "#company-send")
        await pilot.pause()
        assert words in shown(screen, "#company-outcome")
        assert results == []
        screen.query_one("#nipc", Input).value = "509 999 999"
        await click(pilot, "#company-send")
        await pilot.pause()
    assert results == ["509999999"]


@pytest.mark.parametrize(("language", "words"), [("en", "only to a partner"), ("pt", "só é dado a um sócio")])
async def test_a_refusal_says_who_may_have_a_code(
    demo_settings: Settings, portal: tuple[str, str], language: str, words: str
) -> None:
    app = browse_app(demo_settings, portal, language)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = CompanyCodeScreen("509999999", CompanyCodeOutcome("509999999", refused=True))
        await app.push_screen(screen)
        await pilot.pause()
        assert words in shown(screen, "#company-outcome")
        assert screen.query_one("#nipc", Input).display, "the person may correct the NIPC and ask again"
        assert screen.query_one("#nipc", Input).value == "509999999"


async def test_the_code_is_shown_once_with_where_it_was_printed(
    demo_settings: Settings, portal: tuple[str, str]
) -> None:
    app = browse_app(demo_settings, portal, "en")
    results: list[str | None] = []
    async with app.run_test(size=(80, 24)) as pilot:
        screen = CompanyCodeScreen("509999999", ISSUED)
        await app.push_screen(screen, callback=results.append)
        await pilot.pause()
        code = shown(screen, "#company-code")
        assert "Permanent certificate access code: ABCD-EFGH-JKLM" in code
        assert "Demonstração Portal, Lda. (NIPC 509999999)" in code
        assert "not shown again" in code
        assert "has been printed" in shown(screen, "#company-outcome")
        assert not screen.query_one("#nipc", Input).display
        assert not screen.query_one("#company-send").display
        # A language switch rewrites the whole page, the code's label included (the portal's label came in
        # the language the code was asked in).
        await pilot.press("f2")
        await pilot.pause()
        code = shown(screen, "#company-code")
        assert "Código de acesso à certidão permanente: ABCD-EFGH-JKLM" in code
        assert "não volta a ser mostrado" in code
        await pilot.press("escape")
    assert results == [None]
