"""QA M11, L1 and L4 on the kiosk: the letter-code field's placeholder reads as an example and is drawn so (dim,
italic); the line about the QR further down is a band of its own, not the page's background; the heading of
every service has one pair of brackets, and the Portuguese texts name the card as "Cartão de Cidadão"."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from kiosk.config import Settings
from kiosk.i18n import catalog
from screens.citizen.confirm_code import ConfirmCodeScreen
from screens.citizen.confirmation import ConfirmationScreen
from tests.helpers import wait_until
from tests.ui.entry_helpers import StillKiosk
from tests.ui.questions_helpers import service
from tests.ui.test_questions_pages import confirmation
from tests.ui.test_toasts import styled

EXAMPLE = {"pt": "p. ex. ABCD-EFGH", "en": "e.g. ABCD-EFGH"}


@pytest.mark.parametrize("language", ["pt", "en"])
async def test_the_letter_code_placeholder_is_an_example(demo_settings: Settings, language: str) -> None:
    app = StillKiosk(demo_settings)
    app.language = language
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: styled(app), "the later stylesheets, read after the first paint")
        await app.push_screen(ConfirmCodeScreen("2026-ABCD-EFGH"))
        await pilot.pause()
        field = app.screen.query_one("#code", Input)
        assert field.placeholder == EXAMPLE[language]
        placeholder = field.get_component_rich_style("input--placeholder")
        typed = field.rich_style
        assert placeholder.italic, "a placeholder is drawn unlike typed text"
        assert not typed.italic
        assert placeholder.color != typed.color


async def test_the_line_about_the_qr_is_a_band_of_its_own(demo_settings: Settings) -> None:
    app = StillKiosk(demo_settings)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: styled(app), "the later stylesheets")
        screen = ConfirmationScreen(service("WATER-CONTRACT", "pt").name)
        await app.push_screen(screen)
        screen.show_confirmation(confirmation(language="pt"))
        below = screen.query_one("#qr-below")
        await wait_until(pilot, lambda: below.display and below.region.height > 0, "the line about the QR")
        page = screen.query_one("#page")
        assert not below.region.overlaps(page.region)  # its own rows, under the page, not over the QR
        assert below.styles.background != page.styles.background


def test_one_pair_of_brackets_in_the_all_services_heading() -> None:
    for language in ("pt", "en"):
        texts = catalog(language)
        heading = f"{texts['browse.all_services']} ({texts['browse.count'].format(count=34)})"
        assert heading.count("(") == 1, heading


def test_the_card_is_named_cartao_de_cidadao() -> None:
    """Capitalised as everywhere else; the search examples are words to type, written as people type them."""
    lower = [
        key for key, said in catalog("pt").items() if "cartão de cidadão" in said and key != "search.examples"
    ]
    assert lower == []
