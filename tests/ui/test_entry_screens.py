"""The way in and the way out: attract, card reading with the photo, leaving and checking a certificate."""

from __future__ import annotations

from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from textual.app import App, ComposeResult
from textual.widgets import Input

from kiosk.card.emulator.card import Faults
from kiosk.card.emulator.photo import demo_portrait
from kiosk.card.identity import Photo
from kiosk.config import Settings
from kiosk.seal import sign_seal
from kiosk.verify import trust_list_cache
from screens.citizen.attract import AttractScreen
from screens.citizen.card_reading import CardReadingScreen
from screens.citizen.home import HomeScreen
from screens.citizen.leaving import LeavingScreen
from screens.citizen.verify import VerifyScreen
from screens.messages import BrowseServices
from screens.widgets.photo import UPPER_HALF, PhotoView
from tests.helpers import click, wait_until
from tests.ui.entry_helpers import DOCUMENT, StillKiosk, in_view, offline, save_trust_list, screen_text, shown

LANGUAGES = ["pt", "en"]
SIZES = [(60, 20), (80, 24), (120, 40)]


class CardOnlyKiosk(StillKiosk):
    """The kiosk with its simulated reader and nothing else: these tests are about the card."""

    def start_services(self) -> None:
        self.start_reader()


class BrowseRecorder(StillKiosk):
    """Records BrowseServices instead of opening the catalog (the home screen is another test's business)."""

    def __init__(self, settings: Settings) -> None:
        super().__init__(settings)
        self.browsed = 0

    def on_browse_services(self, message: BrowseServices) -> None:
        message.prevent_default()  # the app's own handler would open the home screen
        self.browsed += 1


# --- attract ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
async def test_attract_without_a_card_by_keys(demo_settings: Settings, language: str) -> None:
    app = BrowseRecorder(demo_settings)
    async with app.run_test(size=(80, 24)) as pilot:
        app.language = language
        await pilot.pause()
        assert ("Cartão de Cidadão" if language == "pt" else "citizen card") in shown(app, "#insert")
        await pilot.press("s")
        await wait_until(pilot, lambda: app.browsed == 1, "the request to browse")
        await pilot.press("t", "c")
        assert app.large_text
        assert app.high_contrast
        assert shown(app, "#larger-text").startswith("☑")  # the state is a shape, not a colour
        assert shown(app, "#high-contrast").startswith("☑")
        await pilot.press("v")
        await wait_until(pilot, lambda: isinstance(app.screen, VerifyScreen), "the certificate check")
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, AttractScreen), "the attract screen")
        app.end_session()  # the next person starts with the kiosk's own settings, and the labels say so
        await pilot.pause()
        assert not app.large_text
        assert shown(app, "#larger-text").startswith("☐")
        assert shown(app, "#high-contrast").startswith("☐")


@pytest.mark.parametrize("language", LANGUAGES)
async def test_attract_without_a_card_by_touch(demo_settings: Settings, language: str) -> None:
    app = BrowseRecorder(demo_settings)
    async with app.run_test(size=(120, 40)) as pilot:
        app.language = language
        await pilot.pause()
        await click(pilot, "#browse")
        await wait_until(pilot, lambda: app.browsed == 1, "the request to browse")
        await click(pilot, "#larger-text")
        await click(pilot, "#high-contrast")
        assert app.large_text
        assert app.high_contrast
        await click(pilot, "#high-contrast")
        assert not app.high_contrast
        await click(pilot, "#language")
        assert app.language == ("en" if language == "pt" else "pt")
        assert ("Check a certificate" if language == "pt" else "Verificar") in shown(app, "#verify")
        await click(pilot, "#verify")
        await wait_until(pilot, lambda: isinstance(app.screen, VerifyScreen), "the certificate check")


@pytest.mark.parametrize("size", SIZES)
async def test_attract_fits(demo_settings: Settings, size: tuple[int, int]) -> None:
    app = StillKiosk(demo_settings)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        for selector in ("#heading", "#insert", "#demo-card", "#status"):
            assert in_view(app, selector), f"{selector} hidden at {size}"
        for button in app.screen.query("KioskButton"):
            assert button.region.height >= 3 or not button.region.area  # a scrolled-away one is fine


# --- reading the card ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
async def test_card_read_shows_photo_and_name_then_continues(
    demo_settings: Settings, language: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(CardReadingScreen, "HOLDER_SECONDS", 120.0)
    app = CardOnlyKiosk(demo_settings)
    async with app.run_test(size=(80, 24)) as pilot:
        app.language = language
        await wait_until(pilot, lambda: app.core.reader is not None, "the reader")
        await pilot.press("i")
        await wait_until(pilot, lambda: isinstance(app.screen, CardReadingScreen), "the card reading screen")
        screen = app.screen
        await wait_until(pilot, lambda: screen.query_one(PhotoView).has_image, "the holder's photo")
        assert app.session is not None
        assert app.session.holder_name in shown(app, "#reading-holder")
        assert ("lido" if language == "pt" else "read") in shown(app, "#reading-progress")
        assert in_view(app, "#reading-continue")
        await pilot.press("enter")  # Continue has the focus
        await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen), "the home screen")


async def test_card_read_moves_on_by_itself(demo_settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(CardReadingScreen, "HOLDER_SECONDS", 0.5)
    app = CardOnlyKiosk(demo_settings)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: app.core.reader is not None, "the reader")
        await pilot.press("i")  # and nothing more: the photo and name show, then the kiosk moves on
        await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen), "the home screen")


@pytest.mark.parametrize("language", LANGUAGES)
async def test_unreadable_card_says_so_and_goes_back(demo_settings: Settings, language: str) -> None:
    app = CardOnlyKiosk(demo_settings)
    async with app.run_test(size=(80, 24)) as pilot:
        app.language = language
        await wait_until(pilot, lambda: app.core.reader is not None, "the reader")
        assert app.core.reader is not None
        app.core.reader.insert("maria", faults=Faults(corrupt_after=4))
        await wait_until(pilot, lambda: isinstance(app.screen, CardReadingScreen), "the card reading screen")
        await wait_until(pilot, lambda: app.screen.query_one("#reading-problem").display, "the problem")
        problem = shown(app, "#reading-problem")
        assert problem.startswith("⚠")
        assert "Traceback" not in screen_text(app)
        assert app.session is None
        await click(pilot, "#reading-back")
        await wait_until(pilot, lambda: isinstance(app.screen, AttractScreen), "the attract screen")


# --- the photo ----------------------------------------------------------------------------------------------


class PhotoApp(App[None]):
    CSS = "PhotoView { width: 20; height: 12; }"

    def compose(self) -> ComposeResult:
        yield PhotoView("No photo")


@pytest.mark.parametrize(("image_format", "mime"), [("JPEG2000", "image/jp2"), ("JPEG", "image/jpeg")])
async def test_photo_in_half_blocks(image_format: str, mime: str) -> None:
    app = PhotoApp()
    async with app.run_test(size=(40, 14)) as pilot:
        view = app.query_one(PhotoView)
        view.show(Photo(demo_portrait("ana", image_format), mime))
        await wait_until(pilot, lambda: view.has_image, "the decoded photo")
        lines = [view.render_line(y) for y in range(view.content_size.height)]
        assert all(line.cell_length == view.content_size.width for line in lines)
        cells = [segment for line in lines for segment in line if segment.text == UPPER_HALF]
        # 120x150 pixels fitted in 20x12 cells (24 pixel rows): 19 columns by 12 lines, every cell two pixels
        assert len(cells) == 19 * 12
        colours = {(cell.style.color, cell.style.bgcolor) for cell in cells if cell.style is not None}
        assert len(colours) > 20  # a picture, not a flat box
        view.clear()
        await pilot.pause()
        assert not view.has_image


async def test_no_photo_shows_the_placeholder() -> None:
    app = PhotoApp()
    async with app.run_test(size=(40, 14)) as pilot:
        view = app.query_one(PhotoView)
        view.show(None)
        await pilot.pause()
        text = "".join(segment.text for y in range(12) for segment in view.render_line(y))
        assert "No photo" in text
        assert UPPER_HALF not in text


# --- leaving ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("size", SIZES)
async def test_leaving_in_both_languages(demo_settings: Settings, size: tuple[int, int]) -> None:
    app = StillKiosk(demo_settings)
    async with app.run_test(size=size) as pilot:
        await app.push_screen(LeavingScreen())
        await pilot.pause()
        assert "Retire o seu cartão e os seus papéis" in shown(app, "#leaving-heading")
        assert "balcão" in shown(app, "#leaving-not-printed")
        assert in_view(app, "#leaving-heading")
        assert in_view(app, "#leaving-card")
        app.action_switch_language()
        await pilot.pause()
        assert "Take your card and your papers" in shown(app, "#leaving-heading")
        assert "counter" in shown(app, "#leaving-not-printed")


# --- checking a certificate ---------------------------------------------------------------------------------

KEY = ec.generate_private_key(ec.SECP256R1())


class PortalKiosk(StillKiosk):
    """The kiosk with its embedded portal started, as at a counter that is online."""

    def start_services(self) -> None:
        _ = self.core
        self.connect_portal()


async def open_verify(app: StillKiosk, pilot: Any) -> VerifyScreen:
    screen = VerifyScreen()
    await app.push_screen(screen)
    await pilot.pause()
    return screen


@pytest.mark.parametrize("language", LANGUAGES)
async def test_scanned_seal_checked_offline_against_the_saved_trust_list(
    demo_settings: Settings, language: str
) -> None:
    settings = offline(demo_settings)
    save_trust_list(settings, KEY)
    seal = sign_seal(DOCUMENT, KEY)
    app = StillKiosk(settings)  # no portal: the embedded one is not started
    async with app.run_test(size=(120, 40)) as pilot:
        app.language = language
        screen = await open_verify(app, pilot)
        await pilot.press(*seal, "enter")  # a scanner types the QR's text, then Enter
        await wait_until(pilot, lambda: screen.check is not None, "the verdict", timeout=30)
        verdict = shown(app, "#verify-verdict")
        assert verdict.startswith("✓ AUTÊNTICO" if language == "pt" else "✓ GENUINE")
        assert "Ana [Teste] Sousa" in verdict
        assert "CRT-2026-000042" in verdict
        assert ("guardada neste quiosque" if language == "pt" else "saved on this kiosk") in verdict
        app.action_switch_language()  # the verdict follows the language, the scanned text stays
        await pilot.pause()
        assert screen.query_one("#seal", Input).value == seal
        assert shown(app, "#verify-verdict").startswith("✓ GENUINE" if language == "pt" else "✓ AUTÊNTICO")


@pytest.mark.parametrize("language", LANGUAGES)
async def test_altered_seal_is_refused_in_words_and_sign(demo_settings: Settings, language: str) -> None:
    settings = offline(demo_settings)
    save_trust_list(settings, KEY)
    forged = sign_seal(DOCUMENT, ec.generate_private_key(ec.SECP256R1()))
    app = StillKiosk(settings)
    async with app.run_test(size=(80, 24)) as pilot:
        app.language = language
        screen = await open_verify(app, pilot)
        screen.query_one("#seal", Input).value = forged
        await click(pilot, "#verify-check")
        await wait_until(pilot, lambda: screen.check is not None, "the verdict", timeout=30)
        assert shown(app, "#verify-verdict").startswith("✗")
        await click(pilot, "#verify-clear")
        assert screen.query_one("#seal", Input).value == ""
        assert not screen.query_one("#verify-verdict").display


async def test_empty_and_unreadable_seal_texts(demo_settings: Settings) -> None:
    settings = offline(demo_settings)
    save_trust_list(settings, KEY)
    app = StillKiosk(settings)
    async with app.run_test(size=(60, 20)) as pilot:
        app.language = "en"
        screen = await open_verify(app, pilot)
        await pilot.press("enter")
        assert shown(app, "#verify-verdict").startswith("⚠ Error:")
        await pilot.press(*"not a seal", "enter")
        await wait_until(pilot, lambda: screen.check is not None, "the verdict", timeout=30)
        assert shown(app, "#verify-verdict").startswith("? UNREADABLE")
        assert in_view(app, "#seal")
        assert in_view(app, "#verify-check")


async def test_no_trust_list_at_all_says_so(demo_settings: Settings) -> None:
    app = StillKiosk(offline(demo_settings))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_verify(app, pilot)
        screen.query_one("#seal", Input).value = sign_seal(DOCUMENT, KEY)
        await pilot.press("enter")
        await wait_until(pilot, lambda: screen.check is not None, "the verdict", timeout=30)
        assert "balcão" in shown(app, "#verify-verdict")


async def test_online_check_uses_the_portal_and_saves_its_trust_list(demo_settings: Settings) -> None:
    """With the portal up, its own trust list is fetched and saved: a seal made with our key is not on it."""
    app = PortalKiosk(demo_settings)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            app.language = "en"
            await wait_until(pilot, lambda: app.portal_status_key == "attract.portal_ready", "the portal")
            screen = await open_verify(app, pilot)
            screen.query_one("#seal", Input).value = sign_seal(DOCUMENT, KEY)
            await pilot.press("enter")
            await wait_until(pilot, lambda: screen.check is not None, "the verdict", timeout=30)
            verdict = shown(app, "#verify-verdict")
            assert verdict.startswith("✗ NOT VALID")
            assert "trust list saved" not in verdict  # checked against the portal's own list
    finally:
        app.stop_services()
    assert trust_list_cache(demo_settings).is_file()
