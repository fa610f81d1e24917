"""The confirmation's QR: the signed digital copy when the portal issued a sealed document, else the public
status page; its caption says which, in both languages; the drawn QR reads back with zbarimg."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from textual.content import Content

from kiosk.config import Settings
from kiosk.core import Confirmation
from screens.citizen.confirmation import ConfirmationScreen, qr_caption_key, qr_data
from screens.widgets.qr import QrCode
from tests.ui.questions_helpers import StillKiosk, shown
from tests.ui.test_questions_pages import confirmation, read_qr

STATUS = "http://127.0.0.1:8765/v1/status/2026-27VX-KMAC"


def without_documents(done: Confirmation) -> Confirmation:
    return dataclasses.replace(done, documents=())


def test_a_sealed_document_wins_over_the_status_page() -> None:
    done = confirmation(status_url=STATUS)
    assert qr_data(done) == "CS1:TESTSEAL"
    assert qr_caption_key(done) == "questions.confirmation.qr_caption_seal"


def test_without_a_seal_the_qr_is_the_status_page() -> None:
    done = without_documents(confirmation(status_url=STATUS))
    assert qr_data(done) == STATUS
    assert qr_caption_key(done) == "questions.confirmation.qr_caption_status"
    issued = confirmation(status_url=STATUS)
    unsealed = dataclasses.replace(
        issued, documents=tuple(dataclasses.replace(document, seal=None) for document in issued.documents)
    )
    assert qr_data(unsealed) == STATUS


def test_nothing_to_scan_gives_no_qr() -> None:
    assert qr_data(without_documents(confirmation(status_url=None))) == ""


async def test_screen_shows_the_seal_with_its_caption(demo_settings: Settings, tmp_path: Path) -> None:
    app = StillKiosk(demo_settings)
    app.language = "en"
    async with app.run_test(size=(120, 40)) as pilot:
        screen = ConfirmationScreen("Certificate")
        await app.push_screen(screen)
        screen.show_confirmation(confirmation(status_url=STATUS))
        await pilot.pause()
        drawn = screen.query_one("#qr", QrCode).render()
        assert isinstance(drawn, Content)
        assert read_qr(drawn.plain.splitlines(), tmp_path) == "CS1:TESTSEAL"
        assert shown(screen, "#qr-caption") == "Scan to keep a signed digital copy of your certificate"
        app.language = "pt"
        await pilot.pause()
        assert "cópia digital assinada" in shown(screen, "#qr-caption")


async def test_screen_shows_the_status_page_with_its_caption(demo_settings: Settings, tmp_path: Path) -> None:
    app = StillKiosk(demo_settings)
    app.language = "en"
    async with app.run_test(size=(120, 40)) as pilot:
        screen = ConfirmationScreen("Water")
        await app.push_screen(screen)
        screen.show_confirmation(without_documents(confirmation(status_url=STATUS)))
        await pilot.pause()
        drawn = screen.query_one("#qr", QrCode).render()
        assert isinstance(drawn, Content)
        assert read_qr(drawn.plain.splitlines(), tmp_path) == STATUS
        assert shown(screen, "#qr-caption") == "Scan to follow your application"
        app.language = "pt"
        await pilot.pause()
        assert shown(screen, "#qr-caption") == "Leia com o telemóvel para acompanhar o seu pedido"
