"""The public display while the portal is away, against the reference portal under uvicorn: the wall screen
says in both languages, in plain words, that it is reconnecting, keeps the last calls on screen, never shows a
kiosk's words for a citizen ("ask at the counter"), and carries on by itself once the portal is back.

Away twice over: the portal stopped (nothing answers), then something else answering on its address with a web
page instead of the board (a proxy's or a captive network's login page), which the board cannot read."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

from kiosk.config import Settings
from kiosk.i18n import text
from portal.content.demo_people import DEMO_DISPLAY_TOKEN, DEMO_KIOSK_TOKEN
from screens.app import KioskApp
from screens.display.big_text import BigText
from screens.display.board import BoardScreen
from tests.helpers import wait_until
from tests.portal.conftest import start_portal, stop_portal
from tests.ui.test_display_board import call_a_ticket


class WebPage(BaseHTTPRequestHandler):
    """Answers every request with an HTML page and 200, as a proxy's login page does."""

    def do_GET(self) -> None:
        body = b"<html><body>Please sign in to the network</body></html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - http.server's name
        return None


@contextmanager
def web_page_on(port: int) -> Iterator[None]:
    server = ThreadingHTTPServer(("127.0.0.1", port), WebPage)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def shown(screen: BoardScreen, selector: str) -> str:
    return str(screen.query_one(selector).render())


def kiosk_words(app: KioskApp) -> list[str]:
    """The notices on screen that are a kiosk's words for a citizen, in either language."""
    citizen = {text(language, key) for language in ("pt", "en") for key in ("app.error", "counter.error")}
    said = [str(notice.message) for notice in app._notifications]
    return [words for words in said if words in citizen or "counter" in words or "balcão" in words]


async def test_the_display_says_it_is_reconnecting_and_keeps_the_last_calls(
    demo_settings: Settings, tmp_path: Path
) -> None:
    database = f"sqlite:///{tmp_path / 'portal.db'}"
    portal = start_portal(database, tmp_path)
    port = int(urlsplit(portal.url).port or 0)
    settings = replace(
        demo_settings,
        kiosk=replace(demo_settings.kiosk, mode="display", languages=("pt", "en")),
        portal=replace(demo_settings.portal, url=portal.url, device_token=DEMO_DISPLAY_TOKEN),
        accessibility=replace(demo_settings.accessibility, speech_command=""),
    )
    app = KioskApp(settings)
    app.language = "en"
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            screen = app.screen
            assert isinstance(screen, BoardScreen)
            number = await call_a_ticket(portal.url, DEMO_KIOSK_TOKEN, "3")
            await wait_until(pilot, lambda: screen.query_one("#number-0", BigText).value == number, "the call")
            assert "Up to date" in shown(screen, "#connection")

            stop_portal(portal)  # nothing answers
            await wait_until(pilot, lambda: not screen.connected, "the portal missed")
            away = shown(screen, "#connection")
            assert "No connection, reconnecting" in away, away
            assert "Sem ligação, a ligar de novo" in away, "a wall screen says it in both languages at once"
            assert "ask at the counter" not in away
            assert screen.query_one("#connection").has_class("-away")
            assert screen.query_one("#number-0", BigText).value == number, "the last calls stay on the wall"
            assert screen.query_one("#number-0", BigText).display
            assert screen.query_one("#desk-0", BigText).value == "3"

            with web_page_on(port):  # something else answers, with a page the board cannot read
                await pilot.pause(4)
                assert not screen.connected
                assert "reconnecting" in shown(screen, "#connection")
                assert screen.query_one("#number-0", BigText).value == number
                assert kiosk_words(app) == [], "no kiosk words for a citizen on a wall screen"

            portal = start_portal(database, tmp_path, port=port)  # back, on the same address
            await wait_until(pilot, lambda: screen.connected, "reconnected by itself", timeout=30)
            later = await call_a_ticket(portal.url, DEMO_KIOSK_TOKEN, "5")
            await wait_until(
                pilot, lambda: screen.query_one("#number-0", BigText).value == later, "the next call"
            )
            assert screen.query_one("#number-1", BigText).value == number
            assert "Up to date" in shown(screen, "#connection")
            assert not screen.query_one("#connection").has_class("-away")
            assert kiosk_words(app) == []
    finally:
        app.stop_services()
        stop_portal(portal)
