"""Checking a certificate at the kiosk, in both languages: a seal typed through the wrong keyboard layout is put
back and verified, an altered seal says TAMPERED, a forged one NOT VALID, and the access code printed on a real
certificate is checked with the embedded portal (and said to need it when it is away)."""

from __future__ import annotations

from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from textual.pilot import Pilot
from textual.widgets import Input

from kiosk.config import Settings
from kiosk.seal import sign_seal
from screens.citizen.verify import VerifyScreen
from tests.helpers import wait_until
from tests.ui.entry_helpers import DOCUMENT, StillKiosk, offline, save_trust_list, shown
from tests.ui.verify_helpers import issue_residence_certificate
from tests.verify.keyboards import altered, typed_through

LANGUAGES = ["pt", "en"]
KEY = ec.generate_private_key(ec.SECP256R1())
TAMPERED = {"pt": "✗ ADULTERADO", "en": "✗ TAMPERED"}
GENUINE = {"pt": "✓ AUTÊNTICO", "en": "✓ GENUINE"}


class PortalKiosk(StillKiosk):
    """The kiosk with its embedded portal started, as at a counter that is online."""

    def start_services(self) -> None:
        _ = self.core
        self.connect_portal()


async def check(app: StillKiosk, pilot: Pilot[Any], typed: str) -> VerifyScreen:
    """Open the check, put the text in as a scanner would (its last key is Enter), wait for the verdict."""
    screen = VerifyScreen()
    await app.push_screen(screen)
    await pilot.pause()
    screen.query_one("#seal", Input).value = typed  # a scanner's characters, whatever the layout made of them
    await pilot.press("enter")
    # What was typed read and checked, not just "not checking": that is also the state before Enter has
    # reached the screen.
    await wait_until(
        pilot, lambda: screen.typed is not None and not screen._checking, "the verdict", timeout=30
    )
    return screen


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("scanner", "terminal"), [("us", "pt"), ("pt", "us")])
async def test_a_seal_through_the_wrong_layout_is_put_back(
    demo_settings: Settings, language: str, scanner: str, terminal: str
) -> None:
    settings = offline(demo_settings)
    save_trust_list(settings, KEY)
    seal = sign_seal(DOCUMENT, KEY)
    app = StillKiosk(settings)
    async with app.run_test(size=(120, 40)) as pilot:
        app.language = language
        screen = await check(app, pilot, typed_through(seal, scanner, terminal))
        verdict = shown(app, "#verify-verdict")
        assert verdict.startswith(GENUINE[language])
        assert "Ana [Teste] Sousa" in verdict  # the sealed fields are shown
        assert ("outra disposição de teclado" if language == "pt" else "another keyboard layout") in verdict
        assert screen.typed is not None
        assert screen.typed.text == seal


@pytest.mark.parametrize("language", LANGUAGES)
async def test_altered_and_forged_seals_are_refused(demo_settings: Settings, language: str) -> None:
    settings = offline(demo_settings)
    save_trust_list(settings, KEY)
    seal = sign_seal(DOCUMENT, KEY)
    app = StillKiosk(settings)
    async with app.run_test(size=(80, 24)) as pilot:
        app.language = language
        await check(app, pilot, altered(seal, "Someone Else"))
        verdict = shown(app, "#verify-verdict")
        assert verdict.startswith(TAMPERED[language])
        assert "Someone Else" not in verdict  # nothing of an altered seal is shown as if it were sealed
        assert "-genuine" not in app.screen.query_one("#verify-verdict").classes
        await check(app, pilot, sign_seal(DOCUMENT, ec.generate_private_key(ec.SECP256R1())))
        assert shown(app, "#verify-verdict").startswith("✗")
        assert "Ana [Teste] Sousa" not in shown(app, "#verify-verdict")


@pytest.mark.parametrize("language", LANGUAGES)
async def test_a_layout_that_cannot_be_put_back_is_explained(demo_settings: Settings, language: str) -> None:
    app = StillKiosk(offline(demo_settings))
    async with app.run_test(size=(80, 24)) as pilot:
        app.language = language
        await check(app, pilot, "CS1Ç6BFé0")
        verdict = shown(app, "#verify-verdict")
        assert ("disposição de teclado" if language == "pt" else "keyboard layout") in verdict
        assert ("código de acesso" if language == "pt" else "access code") in verdict


@pytest.mark.parametrize("language", LANGUAGES)
async def test_access_code_needs_the_portal_and_says_so(demo_settings: Settings, language: str) -> None:
    app = StillKiosk(offline(demo_settings))
    async with app.run_test(size=(80, 24)) as pilot:
        app.language = language
        screen = await check(app, pilot, "abcd-efgh-jkmn")
        assert screen.code_check is not None
        assert screen.code_check.status is None
        verdict = shown(app, "#verify-verdict")
        assert "ABCD-EFGH-JKMN" in verdict
        assert ("inacessível" if language == "pt" else "cannot be reached") in verdict


async def test_access_code_and_seal_of_a_real_certificate_online(demo_settings: Settings) -> None:
    """A residence certificate issued by the embedded portal: its access code and its seal (typed by a US
    scanner on a PT terminal) both say valid; an unknown code says unknown."""
    app = PortalKiosk(demo_settings)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            app.language = "en"
            answers: dict[str, object] = {"years_at_address": 3, "purpose": "bank"}
            document = await issue_residence_certificate(app, pilot, answers, "verify-test-0001")
            assert document.access_code
            assert document.seal
            screen = await check(app, pilot, document.access_code.lower())
            assert screen.code_check is not None
            assert screen.code_check.status == "valid"
            assert shown(app, "#verify-verdict").startswith("✓ GENUINE")
            await check(app, pilot, "ZZZZ-ZZZZ-ZZZZ")
            assert shown(app, "#verify-verdict").startswith("? UNKNOWN")
            screen = await check(app, pilot, typed_through(document.seal, "us", "pt"))
            assert screen.check is not None
            assert screen.check.online == "valid"
            assert not screen.check.from_cache
            assert shown(app, "#verify-verdict").startswith("✓ GENUINE")
    finally:
        app.stop_services()


@pytest.mark.parametrize("language", LANGUAGES)
def test_snapshot_access_code_offline(snap_compare: Any, demo_settings: Settings, language: str) -> None:
    async def before(pilot: Pilot[Any]) -> None:
        app = pilot.app
        assert isinstance(app, StillKiosk)
        screen = await check(app, pilot, "ABCD-EFGH-JKMN")
        field = screen.query_one("#seal", Input)
        field.cursor_blink = False
        await pilot.pause()

    app = StillKiosk(offline(demo_settings))
    app.language = language
    assert snap_compare(app, terminal_size=(80, 24), run_before=before)
