"""The Textual app: composition root of the kiosk's screens and its headless core.

Start-up paints the attract screen first and only then starts the card reader and the portal connection in
worker threads, so a citizen never waits for imports they do not see.
"""

from __future__ import annotations

from pathlib import Path, PurePath
from typing import TYPE_CHECKING

from textual import work
from textual.app import App
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.theme import Theme

from kiosk.config import Settings
from kiosk.i18n import other_language, text
from screens.attract import AttractScreen

if TYPE_CHECKING:
    from kiosk.card.errors import CardError
    from kiosk.card.events import ReaderEvent
    from kiosk.client import ServiceSummary
    from kiosk.core import KioskCore
    from kiosk.session import CitizenSession

OUTBOX_RETRY_SECONDS = 20
PRINTER_POLL_SECONDS = 5
SCREENS_DIR = Path(__file__).resolve().parent.parent / "screens"
STYLESHEETS: list[str | PurePath] = [
    SCREENS_DIR / "common.tcss",
    *sorted(path for path in SCREENS_DIR.glob("*.tcss") if path.name != "common.tcss"),
]

HIGH_CONTRAST = Theme(
    name="kiosk-high-contrast",
    primary="#FFFF00",
    secondary="#00FFFF",
    accent="#FFFFFF",
    warning="#FFA500",
    error="#FF5555",
    success="#00FF00",
    foreground="#FFFFFF",
    background="#000000",
    surface="#000000",
    panel="#1A1A1A",
    dark=True,
)


class CardChanged(Message):
    """A reader event, posted from the reader's thread."""

    def __init__(self, event: ReaderEvent) -> None:
        super().__init__()
        self.event = event


class KioskApp(App[int]):
    # Every screen's stylesheet (beside its module), read once with the app's: a stylesheet that arrives
    # with a screen makes Textual re-parse all CSS, which cost a third of the first paint.
    CSS_PATH = STYLESHEETS
    ENABLE_COMMAND_PALETTE = False  # a public kiosk offers no way out of its journeys
    BINDINGS = [Binding("ctrl+c", "noop", show=False, priority=True)]

    language: reactive[str] = reactive("pt")
    printer_problem: reactive[str | None] = reactive(None)
    """Message id (printing.texts) of what keeps the printers from printing, None while they can."""
    portal_status_key = "attract.portal_starting"
    """i18n key of the portal's state, shown on the attract screen."""

    def __init__(self, settings: Settings, core: KioskCore | None = None) -> None:
        super().__init__()
        self.settings = settings
        self._core = core
        self.session: CitizenSession | None = None
        self.language = settings.kiosk.language
        self.title = text(self.language, "app.title")

    @property
    def core(self) -> KioskCore:
        """The headless core. First made by start_services, on the main thread, before any worker starts,
        so the reader, portal and printer workers all share it; kept off the path to the first paint."""
        if self._core is None:
            from kiosk.core import KioskCore

            self._core = KioskCore(self.settings)
        return self._core

    def get_default_screen(self) -> AttractScreen:
        return AttractScreen()

    def on_mount(self) -> None:
        self.register_theme(HIGH_CONTRAST)
        if self.settings.accessibility.high_contrast:
            self.theme = HIGH_CONTRAST.name
        self.call_after_refresh(self.start_services)

    def watch_language(self, language: str) -> None:
        self.title = text(language, "app.title")

    # --- background services ---------------------------------------------------------------------------------

    def start_services(self) -> None:
        _ = self.core  # made here, on the main thread, before the workers below share it
        self.start_reader()
        self.connect_portal()
        self.watch_printers()
        self.set_interval(PRINTER_POLL_SECONDS, self.watch_printers)

    @work(thread=True, exclusive=True, group="printers", exit_on_error=False)
    def watch_printers(self) -> None:
        """Retry what waits in the print journal and tell every screen whether paper can come out."""
        self.core.poll_printers()
        problem = self.core.printer_problem()
        self.call_from_thread(setattr, self, "printer_problem", problem)

    @work(thread=True, group="boot", exit_on_error=False)
    def start_reader(self) -> None:
        def forward(event: ReaderEvent) -> None:
            self.post_message(CardChanged(event))  # thread-safe: the reader calls from its own thread

        self.core.start_reader(forward)

    @work(thread=True, group="boot", exit_on_error=False)
    def connect_portal(self) -> None:
        try:
            self.core.start_portal()
        except Exception:
            self.call_from_thread(self._set_portal_status, "attract.portal_down")
            raise
        self.call_from_thread(self._portal_ready)

    def _portal_ready(self) -> None:
        self._set_portal_status("attract.portal_ready")
        self.deliver_outbox()
        self.set_interval(OUTBOX_RETRY_SECONDS, self.deliver_outbox)

    @work(exclusive=True, group="outbox", exit_on_error=False)
    async def deliver_outbox(self) -> None:
        """Send submissions that waited while the portal was away (exactly once, by their keys)."""
        await self.core.deliver_outbox()

    def _set_portal_status(self, key: str) -> None:
        self.portal_status_key = key
        if isinstance(self.screen, AttractScreen):
            self.screen.show_status(key)

    # --- the card --------------------------------------------------------------------------------------------

    def insert_demo_card(self) -> None:
        if self.core.simulated and self.session is None:
            # In a thread: the first press may have to load the card emulator.
            self.run_worker(self.core.insert_demo_card, thread=True, group="card-insert", exit_on_error=False)

    def on_card_changed(self, message: CardChanged) -> None:
        if message.event.kind == "inserted":
            if isinstance(self.screen, AttractScreen):
                self.screen.show_status("attract.reading")
            self.read_card(message.event.reader)
        elif message.event.kind == "removed":
            self.end_session()

    @work(thread=True, exclusive=True, group="card", exit_on_error=False)
    def read_card(self, reader: str) -> None:
        from kiosk.card.errors import CardError

        try:
            session = self.core.read_card(reader)
        except CardError as error:
            # The card layer words each failure for the person (not supported, pulled out, unreadable...).
            self.call_from_thread(self._card_problem, error)
            return
        self.call_from_thread(self._begin_session, session)

    def _card_problem(self, error: CardError) -> None:
        message = error.user_message(self.language)
        if isinstance(self.screen, AttractScreen):
            self.screen.show_text(message)
        self.notify(message, severity="error", timeout=8)

    def _begin_session(self, session: CitizenSession) -> None:
        from screens.home import HomeScreen

        session.language = self.language
        self.session = session
        self.push_screen(HomeScreen())

    def end_session(self) -> None:
        """Forget the person and go back to the attract screen, whatever was showing."""
        if self.session is not None:
            self.session.wipe()
            self.session = None
        self.core.forget_card()
        self.workers.cancel_group(self, "card")
        while len(self.screen_stack) > 1:
            self.pop_screen()
        self.language = self.settings.kiosk.language
        if isinstance(self.screen, AttractScreen):
            self.screen.show_status(self.portal_status_key)

    # --- journeys --------------------------------------------------------------------------------------------

    def request_service(self, service: ServiceSummary) -> None:
        from screens.confirmation import ConfirmationScreen

        self.push_screen(ConfirmationScreen(service))

    def action_finish(self) -> None:
        """'Finish and take my card': with the simulated reader the card leaves; with a real one we wait."""
        if self.core.simulated:
            self.core.remove_demo_card()
        else:
            self.end_session()

    def action_switch_language(self) -> None:
        self.language = other_language(self.language)
        if self.session is not None:
            self.session.language = self.language

    def action_noop(self) -> None:
        """Ctrl+C must not close a public kiosk."""

    def stop_services(self) -> None:
        """Stop what the core started (the embedded portal process); called once the app has exited."""
        if self._core is not None:
            self._core.stop()
