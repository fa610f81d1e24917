"""The Textual app: composition root of the kiosk's screens and its headless core.

Start-up paints the attract screen first and only then starts the card reader and the portal connection in
worker threads, so a citizen never waits for imports they do not see. What happens in which order during a
citizen's visit lives in screens/navigation.py, the services and the error switchboard in
screens/app_services.py; this module keeps what concerns the person in front of the kiosk: the idle watch, the
wipe, the settings and actions every screen offers, and the messages the screens send.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events, on, work
from textual.binding import Binding
from textual.notifications import SeverityLevel
from textual.reactive import reactive
from textual.theme import Theme

from kiosk.config import Settings
from kiosk.i18n import other_language, text
from screens.app_services import FIRST_PAINT_STYLESHEETS, AppServices, CardChanged
from screens.citizen.attract import AttractScreen
from screens.counter.messages import COUNTER_QUEUE_KEYS, CounterRequest, QueueAction, QueueVerb
from screens.key_order import KeysInOrder
from screens.messages import (
    BrowseServices,
    CompanyCodeRequested,
    ConfirmAddressCode,
    Finish,
    MyApplications,
    OpenService,
    ReprintRequested,
    StartBundle,
    TakeTicket,
    VerifyCertificate,
)
from screens.navigation import CitizenNavigation
from screens.operator_log import operator_log
from screens.speech import SpeechGuide
from screens.widgets.call_clerk import CallClerk

if TYPE_CHECKING:
    from kiosk.core import KioskCore
    from kiosk.counter.desk import DeskState
    from kiosk.session import CitizenSession
    from screens.counter.navigation import CounterNavigation


PERSON_GROUPS = ("card", "journey", "idle", "personal", "leaving")
"""Worker groups that act for the person in front of the kiosk: all cancelled at the wipe."""

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
STANDARD_THEME = "textual-dark"


def _display_board() -> Any:
    """The public display's only screen, imported only when a terminal runs in display mode."""
    from screens.display.board import BoardScreen

    return BoardScreen()


def _counter_desk() -> Any:
    """The counter's first screen, imported only when a terminal runs in counter mode."""
    from screens.counter.login import LoginScreen

    return LoginScreen()


class KioskApp(KeysInOrder, AppServices):  # KeysInOrder: keys of a fast burst in order (QA H6)
    # The first paint needs only the attract screen's styles; every other screen's stylesheet (beside its
    # module) is read once, right after that paint (load_later_stylesheets). Screens carry no CSS_PATH: a
    # stylesheet that arrives with a screen makes Textual re-parse all CSS while the person waits.
    CSS_PATH = FIRST_PAINT_STYLESHEETS
    ENABLE_COMMAND_PALETTE = False  # a public kiosk offers no way out of its journeys
    BINDINGS = [
        Binding("ctrl+c", "noop", show=False, priority=True),
        # A public kiosk cannot be left or suspended from its keyboard: only the admin screen exits `kiosk run`
        # (F12 three times, then the admin PIN); `kiosk demo` may still be left with Ctrl+Q.
        Binding("ctrl+q", "leave_demo", show=False, priority=True),
        Binding("ctrl+z", "noop", show=False, priority=True),
        Binding("f12", "admin_chord", show=False, priority=True),
        # Speech output: the last thing said, again (shown on the attract screen while speech is offered).
        Binding("f3", "repeat_speech", show=False, priority=True),
        # Language from any screen, even while typing in a field (where L is a letter); buttons do it by touch.
        Binding("f2", "switch_language", show=False, priority=True),
        # "Call a clerk" from any kiosk screen (each screen's button does the same by touch).
        Binding("f1", "call_clerk", show=False, priority=True),
        # Counter mode: the queue keys also work on the citizen's journey pages a clerk fills in (counter
        # screens bind them themselves); nothing happens on a kiosk.
        *(Binding(key, f"counter_queue('{verb}')", show=False) for key, verb in COUNTER_QUEUE_KEYS),
    ]
    # One screen stack per mode; kiosk.mode chooses. The kiosk's own stack starts from get_default_screen, not
    # from here: Textual re-parses every stylesheet once more for a mode's first screen taken from MODES, and
    # the kiosk mode is the one whose first paint is timed (bench/startup.py).
    MODES: ClassVar[dict[str, Any]] = {
        "counter": _counter_desk,
        "display": _display_board,
    }
    DEFAULT_MODE = "kiosk"

    large_text: reactive[bool] = reactive(False)
    """This person asked for larger text and targets; reset at the wipe."""
    high_contrast: reactive[bool] = reactive(False)
    """This person asked for high contrast; reset at the wipe to the kiosk's configured default."""
    speech_on: reactive[bool] = reactive(False)
    """This person turned reading aloud on (offered when a speech command is configured); off at the wipe."""
    speak_numbers: reactive[bool] = reactive(False)
    """This person asked to hear numbers and PIN digits read aloud; off at the wipe."""
    desk: reactive[DeskState | None] = reactive(None, always_update=True)
    """Counter mode: the queue as this desk sees it (kiosk.counter.desk), watched by every counter screen."""

    def __init__(self, settings: Settings, core: KioskCore | None = None, *, demo: bool = False) -> None:
        # The mode's screen stack is the first one made: a counter never paints the citizens' attract screen.
        self.DEFAULT_MODE = settings.kiosk.mode if settings.kiosk.mode in self.MODES else "kiosk"  # type: ignore[misc]
        super().__init__()
        self.settings = settings
        self._core = core
        self.session: CitizenSession | None = None
        self.language = settings.kiosk.language
        self.title = self.title_in(self.language)
        self.last_touch = time.monotonic()
        self.navigation = CitizenNavigation(self)
        self.demo = demo
        """`kiosk demo`: Ctrl+Q leaves. `kiosk run` can only be left from the admin screen."""
        self.speech = SpeechGuide(self)
        self._admin_chord: list[float] = []
        self.counter: CounterNavigation | None = None
        if settings.kiosk.mode == "counter":
            from screens.counter.navigation import CounterNavigation

            self.counter = CounterNavigation(self)

    def get_default_screen(self) -> AttractScreen:
        """The kiosk mode's first screen (the mode not in MODES, so Textual starts it as its default screen)."""
        return AttractScreen()

    def on_mount(self) -> None:
        self.register_theme(HIGH_CONTRAST)
        self.set_class(self.offers_clerk, "-clerk-header")  # notices go in that row (common.tcss, QA M1)
        self.high_contrast = self.settings.accessibility.high_contrast
        self.set_interval(1, self.watch_idle)
        self.speech.start()
        # After the first frame is out (call_later queues behind whatever that refresh set off): the rest of
        # the styles, then the reader, the portal and the printers.
        self.call_after_refresh(self.call_later, self.after_first_paint)

    def after_first_paint(self) -> None:
        self.load_later_stylesheets()
        self.start_services()

    def watch_language(self, language: str) -> None:
        self.title = self.title_in(language)

    def title_in(self, language: str) -> str:
        """The title bar's words: the counter and the display have their own, not the citizens' (QA L9)."""
        mode = self.settings.kiosk.mode
        return text(language, f"app.mode_title.{mode}" if mode in ("counter", "display") else "app.title")

    def watch_high_contrast(self, high_contrast: bool) -> None:
        self.theme = HIGH_CONTRAST.name if high_contrast else STANDARD_THEME

    def watch_large_text(self, large_text: bool) -> None:
        self.set_class(large_text, "-large-text")

    # --- the person in front of the kiosk ---------------------------------------------------------------------

    @property
    def person_present(self) -> bool:
        """Someone is using the kiosk: a card is in, or screens are open over the attract screen."""
        return self.session is not None or len(self.screen_stack) > 1

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key | events.MouseDown | events.MouseScrollDown | events.MouseScrollUp):
            self.last_touch = time.monotonic()
        await super().on_event(event)

    def watch_idle(self) -> None:
        """Once a second: warn a person who has not touched anything for a while, then wipe."""
        if self.counter is not None:
            self.counter.watch_idle(self.last_touch)  # a counter locks instead, for the clerk's password
            return
        if not self.person_present or self.workers_in("idle"):
            return
        if time.monotonic() - self.last_touch >= self.settings.kiosk.idle_warning_seconds:
            self.warn_idle()

    def workers_in(self, group: str) -> bool:
        return any(worker.group == group and not worker.is_finished for worker in self.workers)

    @work(group="idle", exclusive=True, exit_on_error=False)
    async def warn_idle(self) -> None:
        from screens.dialogs.idle import IdleDialog

        more_time = await self.push_screen_wait(IdleDialog(self.settings.kiosk.idle_grace_seconds))
        if more_time:
            self.last_touch = time.monotonic()
        else:
            operator_log(__name__).info("session ended: idle")
            self.end_session()

    def on_card_changed(self, message: CardChanged) -> None:
        if self.counter is not None:
            self.counter.card_changed(message.event)  # a citizen served at the desk; the clerk stays
            return
        if message.event.kind == "inserted":
            self.last_touch = time.monotonic()
            self.navigation.card_arrived(message.event.reader)
        elif message.event.kind in ("removed", "reader_removed"):
            self.end_session()

    def insert_demo_card(self) -> None:
        if self.core.simulated and self.session is None:
            # In a thread: the first press may have to load the card emulator.
            self.run_worker(self.core.insert_demo_card, thread=True, group="card-insert", exit_on_error=False)

    def end_session(self) -> None:
        """Forget the person and go back to the attract screen, whatever was showing or still running.

        Nothing waits here for the printer or the portal: their workers are cancelled (a thread already
        talking to a printer finishes on its own, with nothing of the person left to show).
        """
        for group in PERSON_GROUPS:
            self.workers.cancel_group(self, group)
        for screen in self.screen_stack[1:]:
            self.workers.cancel_node(screen)
        if self.session is not None:
            self.session.wipe()
            self.session = None
        self.navigation.reset()
        self.core.forget_card()
        while len(self.screen_stack) > 1:
            self.pop_screen()
        self.clear_notifications()
        self.speech.wipe()
        self.speech_on = False
        self.speak_numbers = False
        self.language = self.settings.kiosk.language
        self.large_text = False
        self.high_contrast = self.settings.accessibility.high_contrast
        self.last_touch = time.monotonic()
        if (base := self.base_screen) is not None:
            base.welcome_next_person(self.portal_status_key)

    # --- what screens ask for: the navigation decides ---------------------------------------------------------

    def on_open_service(self, message: OpenService) -> None:
        self.navigation.open_service(message.code)

    def on_browse_services(self, _message: BrowseServices) -> None:
        self.navigation.browse()

    def on_verify_certificate(self, _message: VerifyCertificate) -> None:
        self.navigation.verify()

    def on_take_ticket(self, _message: TakeTicket) -> None:
        self.navigation.take_ticket()

    def on_call_clerk(self, message: CallClerk) -> None:
        self.call_clerk(message.screen)

    @property
    def offers_clerk(self) -> bool:
        """Only a kiosk offers "call a clerk" on its screens (KioskScreen shows the button where it is True)."""
        return self.settings.kiosk.mode == "kiosk"

    def action_call_clerk(self) -> None:
        from screens.widgets.call_clerk import screen_name

        self.call_clerk(screen_name(self.screen))

    @work(exclusive=True, group="help", exit_on_error=False)
    async def call_clerk(self, screen: str) -> None:
        """Send the help request (kiosk and screen names only) and tell the person a clerk is coming."""
        if not self.offers_clerk:
            return
        try:
            await self.core.queue.call_clerk(screen, self.language)
        except Exception as error:
            operator_log(__name__).warning("call a clerk failed: %s", type(error).__name__)
            self.notify(text(self.language, "queue.help.failed"), severity="error", timeout=10)
            return
        self.notify(text(self.language, "queue.help.coming"), timeout=15)

    def on_my_applications(self, _message: MyApplications) -> None:
        self.navigation.my_applications()

    def on_start_bundle(self, message: StartBundle) -> None:
        self.navigation.start_bundle(message.event_code)

    def on_confirm_address_code(self, _message: ConfirmAddressCode) -> None:
        self.navigation.confirm_address_code()

    def on_reprint_requested(self, message: ReprintRequested) -> None:
        self.navigation.reprint(message.reference)

    def on_company_code_requested(self, message: CompanyCodeRequested) -> None:
        self.navigation.company_code(message.nipc)

    def on_finish(self, _message: Finish) -> None:
        if self.counter is not None:
            self.counter.journey_done()  # at a counter the citizen stays with the clerk after a service
            return
        self.navigation.finish()

    @on(CounterRequest)
    def counter_request(self, message: CounterRequest) -> None:
        """Counter mode: what a clerk asked for (queue keys, tasks, locking); its navigation decides."""
        if self.counter is not None:
            self.counter.handle(message)

    # --- actions every screen offers -------------------------------------------------------------------------

    def action_switch_language(self) -> None:
        self.language = other_language(self.language)
        if self.session is not None:
            self.session.language = self.language
        self.navigation.relabel()

    def action_toggle_large_text(self) -> None:
        self.large_text = not self.large_text

    def action_toggle_high_contrast(self) -> None:
        self.high_contrast = not self.high_contrast

    def action_toggle_speech(self) -> None:
        self.speech_on = self.speech.offered and not self.speech_on
        self.speech.set_active(self.speech_on)

    def action_toggle_speak_numbers(self) -> None:
        if self.speech_on:
            self.speak_numbers = not self.speak_numbers
            self.speech.set_say_numbers(self.speak_numbers)

    def action_repeat_speech(self) -> None:
        self.speech.repeat()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        self.speech.focused(event.widget)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Every notice is also said aloud: an error at once, anything else after what is being said."""
        if self.offers_clerk:  # a kiosk's title row holds one notice, the newest (common.tcss, QA M1); queued
            self.call_later(self.clear_notifications)  # as the notice is, so an older one still on its way goes
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)
        spoken = f"{title} {message}".strip()
        if severity == "error":
            self.speech.error(spoken)
        else:
            self.speech.status(spoken)

    def action_leave_demo(self) -> None:
        if self.demo:
            self.exit(0)

    def action_admin_chord(self) -> None:
        """F12 three times within three seconds opens the admin PIN (tmux and any keyboard can send it)."""
        now = time.monotonic()
        self._admin_chord = [pressed for pressed in self._admin_chord if now - pressed < 3] + [now]
        if len(self._admin_chord) >= 3 and not self.workers_in("admin"):
            self._admin_chord.clear()
            self.open_admin()

    @work(group="admin", exclusive=True, exit_on_error=False)
    async def open_admin(self) -> None:
        from screens.admin.admin_pin import AdminPinDialog
        from screens.admin.admin_screen import AdminScreen

        if await self.push_screen_wait(AdminPinDialog()):
            operator_log(__name__).info("admin screen opened")
            await self.push_screen_wait(AdminScreen())

    def action_counter_queue(self, verb: QueueVerb) -> None:
        if self.counter is not None:
            self.counter.handle(QueueAction(verb))

    def action_noop(self) -> None:
        """Ctrl+C must not close a public kiosk."""

    def stop_services(self) -> None:
        """Stop what the core started (the embedded portal process); called once the app has exited."""
        self.speech.close()
        if self._core is not None:
            self._core.stop()
