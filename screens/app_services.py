"""The kiosk app's background duties: the headless core with the card reader, the portal, the printers and the
outbox, all started after the first paint, and the one switchboard every failed worker reaches.

KioskApp (screens/app.py) builds on this class with what the person in front of the kiosk does; keeping these
apart keeps each module about one thing. Nothing here handles a message KioskApp handles too: Textual calls a
handler of every class along the MRO.
"""

from __future__ import annotations

import gc
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any

from textual import work
from textual.app import App
from textual.message import Message
from textual.reactive import reactive
from textual.worker import Worker, WorkerState

from kiosk.config import Settings
from kiosk.i18n import text
from screens.citizen.attract import AttractScreen
from screens.operator_log import operator_log

if TYPE_CHECKING:
    from kiosk.card.events import ReaderEvent
    from kiosk.core import KioskCore
    from screens.counter.navigation import CounterNavigation

OUTBOX_RETRY_SECONDS = 20
PRINTER_POLL_SECONDS = 5
SCREENS_DIR = Path(__file__).resolve().parent
FIRST_PAINT_STYLESHEETS: list[str | PurePath] = [
    SCREENS_DIR / "common.tcss",
    SCREENS_DIR / "citizen/attract.tcss",
    SCREENS_DIR / "widgets/call_clerk.tcss",  # the header with "call a clerk", on the attract screen too
]


def later_stylesheets() -> list[PurePath]:
    """Every other screen's stylesheet, beside its module; looked for after the first paint, not before."""
    first = {str(path) for path in FIRST_PAINT_STYLESHEETS}
    return sorted(path for path in SCREENS_DIR.rglob("*.tcss") if str(path) not in first)


class CardChanged(Message):
    """A reader event, posted from the reader's thread."""

    def __init__(self, event: ReaderEvent) -> None:
        super().__init__()
        self.event = event


class AppServices(App[int]):
    """The app's services and its error switchboard; KioskApp sets ``settings``, ``_core`` and ``counter``."""

    language: reactive[str] = reactive("pt")
    """The person's language (the kiosk's configured one between people): errors are worded in it."""
    printer_problem: reactive[str | None] = reactive(None)
    """Message id (printing.texts) of what keeps the printers from printing, None while they can."""
    portal_status_key = "attract.portal_starting"
    """i18n key of the portal's state, shown on the attract screen."""

    settings: Settings
    _core: KioskCore | None
    counter: CounterNavigation | None

    @property
    def core(self) -> KioskCore:
        """The headless core. First made by start_services, on the main thread, before any worker starts,
        so the reader, portal and printer workers all share it; kept off the path to the first paint."""
        if self._core is None:
            from kiosk.core import KioskCore

            self._core = KioskCore(self.settings)
        return self._core

    @property
    def base_screen(self) -> AttractScreen | None:
        """The mode's first screen (the attract screen), under whatever the person has open."""
        base = self.screen_stack[0] if self.screen_stack else None
        return base if isinstance(base, AttractScreen) else None

    # --- background services ---------------------------------------------------------------------------------

    def load_later_stylesheets(self) -> None:
        """Every other screen's styles, parsed once, while the attract screen waits for its first person."""
        for path in later_stylesheets():
            self.stylesheet.read(path)
        self.stylesheet.reparse()
        self.stylesheet.update(self)
        # A screen pushed before these styles arrived (a dialog opened in the first instants) gets them too.
        # Not refresh_css: it sets the theme's variables afresh, and the attract screen then lays out a row
        # taller than it does with the variables it was first styled with.
        for screen in self.screen_stack[1:]:
            self.stylesheet.update(screen)
            screen.refresh(layout=True)

    def start_services(self) -> None:
        _ = self.core  # made here, on the main thread, before the workers below share it
        if self.settings.kiosk.mode == "display":
            # A wall screen has no one at it: a card in a reader it watched would open a citizen's journey on
            # the wall, and it prints nothing. It only needs the portal.
            self.connect_portal()
            return
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
        # Everything loaded so far (Textual, the styles, the card layer, the portal client) lives as long as
        # the kiosk: out of the collector's sight, a full collection stops the screen for a few milliseconds
        # instead of a hundred, between a key press and the next page.
        gc.freeze()
        self.deliver_outbox()
        self.set_interval(OUTBOX_RETRY_SECONDS, self.deliver_outbox)
        if self.counter is not None:
            self.counter.portal_ready()

    @work(exclusive=True, group="outbox", exit_on_error=False)
    async def deliver_outbox(self) -> None:
        """Send submissions that waited while the portal was away (exactly once, by their keys)."""
        await self.core.deliver_outbox()

    def _set_portal_status(self, key: str) -> None:
        self.portal_status_key = key
        if (base := self.base_screen) is not None and self.screen is base:
            base.show_status(key)

    # --- the error switchboard -------------------------------------------------------------------------------

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state is WorkerState.ERROR:
            self.worker_failed(event.worker)

    def worker_failed(self, worker: Worker[Any]) -> None:
        """Any worker that failed, the app's or a screen's: plain words for the person, a line for the operator.

        Only the error's type goes to the log: its text may carry what the person typed or the card holds.
        """
        error = worker.error
        operator_log(__name__).error("worker %r failed: %s", worker.name, type(error).__name__)
        if worker.group in ("boot", "printers", "outbox"):
            return  # the operator's business; the screens already show the portal's and printers' state
        self.notify(self.plain_message(error), severity="error", timeout=10)

    def plain_message(self, error: BaseException | None) -> str:
        """What to tell the person about an error, in their language, never a traceback."""
        from kiosk.card.errors import CardError
        from kiosk.client import PortalError

        if isinstance(error, CardError):
            return error.user_message(self.language)
        if isinstance(error, PortalError):
            return str(error)
        if self.settings.kiosk.mode == "counter":  # a clerk, not a citizen: where the details are (QA M9)
            return text(self.language, "counter.error", log=self.settings.logging.file)
        return text(self.language, "app.error")
