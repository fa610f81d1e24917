"""The kiosk's certificate check (and the counter's, which inherits its lines) says why a seal is refused.

The real kiosk app under Pilot, offline against a trust list saved on the terminal; the seals come from the
independent encoder of test_strict_decoding, signed with the trusted key.
"""

from __future__ import annotations

import time

import pytest
from textual.widgets import Input

from kiosk.config import Settings
from screens.citizen.verify import VerifyScreen
from tests.helpers import click, wait_until
from tests.seal.test_strict_decoding import KEY, claims, forge
from tests.ui.entry_helpers import StillKiosk, offline, save_trust_list, shown

REASONS = {
    "en": ("UNREADABLE", "Why: the seal says it was issued in the future"),
    "pt": ("ILEGÍVEL", "Porquê: o selo diz que foi emitido no futuro"),
}


@pytest.mark.parametrize("language", ["pt", "en"])
async def test_a_seal_issued_tomorrow_is_refused_with_the_reason(
    demo_settings: Settings, language: str
) -> None:
    settings = offline(demo_settings)
    save_trust_list(settings, KEY)
    now = int(time.time())
    seal = forge(payload=claims(c6=now + 86_400, c4=now + 2 * 86_400))
    app = StillKiosk(settings)
    async with app.run_test(size=(120, 40)) as pilot:
        app.language = language
        screen = VerifyScreen()
        await app.push_screen(screen)
        await pilot.pause()
        screen.query_one("#seal", Input).value = seal
        await click(pilot, "#verify-check")
        await wait_until(pilot, lambda: screen.check is not None, "the verdict", timeout=30)
        verdict = shown(app, "#verify-verdict")
        status, reason = REASONS[language]
        assert status in verdict
        assert reason in verdict
        assert "Ana Rita Sousa" not in verdict  # nothing of a refused seal is shown as if it were true
