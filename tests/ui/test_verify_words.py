"""QA H5 under Pilot: the seal of a certificate issued in English, checked on a Portuguese screen, reads in
Portuguese (the document named from the catalog, the sealed labels and choices worded, the document id last and
labelled), and in English after the language changes; the counter's verify screen shows the same lines. Real
parts: the embedded portal (kiosk) and the portal under uvicorn (counter)."""

from __future__ import annotations

from textual.widgets import Input

from kiosk.config import Settings
from screens.counter.verify import CounterVerifyScreen
from tests.counter.fixtures import counter_settings, issue_info_sheet, shared_portal
from tests.counter.pilot import QuietCounter, said, sign_in
from tests.helpers import wait_until
from tests.ui.entry_helpers import shown
from tests.ui.test_counter_tasks import open_task
from tests.ui.test_journeys2_verify import PortalKiosk, check
from tests.ui.verify_helpers import issue_residence_certificate

__all__ = ["counter_settings", "shared_portal"]  # fixtures


async def test_an_english_certificate_reads_in_portuguese(demo_settings: Settings) -> None:
    app = PortalKiosk(demo_settings)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            answers: dict[str, object] = {"years_at_address": 5, "purpose": "school"}
            document = await issue_residence_certificate(app, pilot, answers, "verify-words-0001", "en")
            assert document.seal
            app.language = "pt"
            screen = await check(app, pilot, document.seal)
            await wait_until(pilot, lambda: screen.words_for == "residence-certificate", "the catalog's words")
            verdict = shown(app, "#verify-verdict")
            assert verdict.startswith("✓ AUTÊNTICO")
            lines = verdict.splitlines()
            assert "Documento: Atestado de residência" in lines
            assert "  Há quantos anos vive nesta morada? 5" in lines
            assert "  Para que precisa do documento? Escola" in lines
            assert any(line.startswith("  Referência: ") for line in lines)
            document_no = lines.index(f"N.º do documento: {document.id}")
            assert lines[document_no - 1].startswith("  ")  # right after the sealed fields
            for english in ("Reference", "How many years", "School", "residence-certificate"):
                assert english not in verdict

            app.language = "en"  # F2: the same verdict, in English, with no new check
            await pilot.pause()
            verdict = shown(app, "#verify-verdict")
            assert "Document: Residence certificate" in verdict
            assert "  What do you need the document for? School" in verdict
            assert f"Document no.: {document.id}" in verdict
            assert "Atestado" not in verdict
            screen.query_one("#seal", Input).value = ""
    finally:
        app.stop_services()


async def test_the_counter_shows_the_same_lines(counter_settings: Settings) -> None:
    seal, document_id = await issue_info_sheet(counter_settings.portal.url)  # issued in English
    app = QuietCounter(counter_settings)
    app.language = "pt"
    async with app.run_test(size=(120, 40)) as pilot:
        await sign_in(pilot)
        await open_task(pilot, "v", CounterVerifyScreen)
        screen = app.screen
        assert isinstance(screen, CounterVerifyScreen)
        screen.query_one("#seal", Input).value = seal
        await pilot.press("enter")
        await wait_until(pilot, lambda: screen.words_for == "info-sheet", "the catalog's words")
        verdict = said(app, "#verify-verdict")
        assert "Documento: Ficha informativa do Espaço Cidadão" in verdict
        assert "  Local: " in verdict
        assert verdict.splitlines()[-3] == f"N.º do documento: {document_id}"  # then the online status
        assert "Place" not in verdict
        assert "Titular" not in verdict  # issued without a card: no holder, and no empty line for one
