"""What a clerk reads at the counter, under Pilot against the reference portal under uvicorn (QA M8, M9, M11,
L9, L10): the transfer dialog names each queue whole, an unexpected error speaks to the clerk, placeholders read
as examples, the sign-in's error is marked like the kiosk's and the counter has its own title, and the day's
figures read right in English."""

from __future__ import annotations

import dataclasses
import html
import re
from typing import Any, Literal

import pytest
from textual.widgets import Input

from kiosk.config import Settings
from screens.app import KioskApp
from screens.counter.applications import ApplicationsScreen
from screens.counter.desk import DeskScreen
from screens.counter.login import LoginScreen
from screens.counter.transfer import CategoryButton, TransferDialog
from tests.counter.fixtures import counter_settings, shared_portal, take_ticket
from tests.counter.pilot import QuietCounter, portal_up, said, sign_in, type_into
from tests.helpers import wait_until


def serving(app: QuietCounter) -> bool:
    return app.desk is not None and app.desk.serving is not None


def painted(app: Any) -> str:
    """The screen's text as the terminal paints it, row by row (from Textual's own SVG export)."""
    svg = app.export_screenshot()
    rows: dict[float, list[str]] = {}
    for y, content in re.findall(r'<text[^>]*\by="([\d.]+)"[^>]*>(.*?)</text>', svg):
        rows.setdefault(float(y), []).append(html.unescape(content).replace("\xa0", " "))
    return "\n".join("".join(parts) for _, parts in sorted(rows.items()))


@pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["120x40", "80x24"])
async def test_the_transfer_dialog_names_each_queue_whole(
    counter_settings: Settings, size: tuple[int, int]
) -> None:
    take_ticket(counter_settings.portal.url, "A")
    app = QuietCounter(counter_settings)
    app.language = "pt"
    async with app.run_test(size=size) as pilot:
        await sign_in(pilot)
        await pilot.press("f5")
        await wait_until(pilot, lambda: serving(app), "a ticket called")
        await pilot.press("f9")
        await wait_until(pilot, lambda: isinstance(app.screen, TransferDialog), "the transfer dialog")
        await pilot.pause()
        shown = painted(app)
        for name in ("A Atendimento geral", "B Empresas", "C Certidões", "P Atendimento prioritário"):
            assert name in shown, f"{name!r} cut at {size}"
        labels = {button.code: button.label for button in app.screen.query(CategoryButton)}
        assert labels["A"] != labels["P"]
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, DeskScreen), "back at the desk")


def examples(app: Any) -> dict[str, str]:
    """The placeholders of the fields on the screen, each checked to be styled as an example, not a value."""
    found = {}
    for field in app.screen.query(Input):
        if field.placeholder:
            style = field.get_component_rich_style("input--placeholder")
            assert style.italic, f"#{field.id}: its placeholder would read as typed text"
            found[str(field.id)] = field.placeholder
    return found


@pytest.mark.parametrize(("language", "example"), [("en", "e.g. "), ("pt", "p. ex. ")])
async def test_placeholders_read_as_examples(counter_settings: Settings, language: str, example: str) -> None:
    take_ticket(counter_settings.portal.url, "A")
    app = QuietCounter(counter_settings)
    app.language = language
    async with app.run_test(size=(120, 40)) as pilot:
        await sign_in(pilot)
        await wait_until(pilot, lambda: bool(examples(app)), "the screen's words")
        assert examples(app) == {"desk-parked-number": f"{example}A023"}
        await pilot.press("f5")
        await wait_until(pilot, lambda: serving(app), "a ticket called")
        await pilot.press("f9")
        await wait_until(pilot, lambda: isinstance(app.screen, TransferDialog), "the transfer dialog")
        await wait_until(pilot, lambda: bool(examples(app)), "the screen's words")
        assert examples(app) == {"transfer-desk": f"{example}4"}
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, DeskScreen), "back at the desk")
        await pilot.press("a")
        await wait_until(pilot, lambda: isinstance(app.screen, ApplicationsScreen), "the applications")
        await wait_until(pilot, lambda: bool(examples(app)), "the screen's words")
        assert examples(app) == {"applications-service-code": f"{example}RESIDENCE-CERT"}


async def test_an_unexpected_error_at_the_counter_speaks_to_the_clerk(counter_settings: Settings) -> None:
    app = QuietCounter(counter_settings)
    app.language = "en"

    async def broken_task() -> None:
        raise RuntimeError("a bug in a task")  # as a task's worker would, on a bug

    async with app.run_test(size=(120, 40)) as pilot:
        await sign_in(pilot)
        app.run_worker(broken_task(), group="counter-task", exit_on_error=False)
        await wait_until(pilot, lambda: bool(app._notifications), "the message to the clerk")
        [notification] = list(app._notifications)
    assert "at this counter" in notification.message
    assert str(counter_settings.logging.file) in notification.message  # where the details are
    assert "ask at the counter" not in notification.message  # the citizen's words, not a clerk's (QA M9)
    assert "Traceback" not in notification.message


async def test_sign_in_errors_are_marked_and_the_counter_has_its_own_title(counter_settings: Settings) -> None:
    app = QuietCounter(counter_settings)
    app.language = "pt"
    async with app.run_test(size=(120, 40)) as pilot:
        await portal_up(pilot)
        assert app.title == "Balcão de atendimento"  # not the kiosk's "Serviços ao cidadão" (QA L9)
        await pilot.press("enter")
        await type_into(pilot, "#login-password", "")
        assert said(app, "#login-problem").startswith("⚠ ")  # both fields needed
        await type_into(pilot, "#login-username", "clerk")
        await type_into(pilot, "#login-password", "wrong-password")
        screen = app.screen
        assert isinstance(screen, LoginScreen)
        await wait_until(pilot, lambda: screen.problem_key == "counter.login.refused", "the refusal")
        assert said(app, "#login-problem").startswith("⚠ ")
        app.language = "en"
        await pilot.pause()
        assert app.title == "Service counter"
        assert said(app, "#login-problem").startswith("⚠ The user name or the password is not right")


def test_the_display_has_its_own_title(counter_settings: Settings) -> None:
    titles: tuple[tuple[Literal["pt", "en"], str], ...] = (("pt", "Painel de senhas"), ("en", "Queue display"))
    for language, title in titles:
        kiosk = dataclasses.replace(counter_settings.kiosk, mode="display", language=language)
        assert KioskApp(dataclasses.replace(counter_settings, kiosk=kiosk)).title == title


__all__ = ["counter_settings", "shared_portal"]  # fixtures, used by name
