"""The attract screen: what the kiosk does, 'insert your card', and what can be done without one."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, VerticalScroll
from textual.widgets import Static

from screens.base import KioskScreen, TitleBar
from screens.messages import BrowseServices, TakeTicket, VerifyCertificate
from screens.widgets.buttons import KioskButton, LanguageButton
from screens.widgets.printer_notice import PrinterNotice

CHECKED = "☑"  # the settings' state is a shape and a word, not a colour alone
UNCHECKED = "☐"


class AttractScreen(KioskScreen[None]):
    """The mode's first screen, never dismissed: the app shows the portal's state here with ``show_status``."""

    BINDINGS = [
        Binding("i", "insert_demo_card", "Demo card", show=False),
        Binding("s", "browse", "Browse services", show=False),
        Binding("v", "verify", "Check a certificate", show=False),
        Binding("q", "take_ticket", "Take a ticket", show=False),
        Binding("l", "app.switch_language", "Language", show=False),
        Binding("t", "app.toggle_large_text", "Larger text", show=False),
        Binding("c", "app.toggle_high_contrast", "High contrast", show=False),
        # Offered only when a speech command is configured (the app ignores them otherwise).
        Binding("r", "app.toggle_speech", "Read aloud", show=False),
        Binding("n", "app.toggle_speak_numbers", "Read numbers aloud", show=False),
    ]

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with VerticalScroll(id="panel"):
            yield Static(id="heading")
            yield Static(id="lead")
            yield Static(id="insert")
            yield PrinterNotice()
            if self.kiosk.settings.card.reader == "simulated":
                yield KioskButton(id="demo-card", variant="primary")
            yield Static(id="without-card")
            with Grid(id="services"):
                yield KioskButton(id="browse")
                yield KioskButton(id="verify")
                yield KioskButton(id="take-ticket")
            with Grid(id="options"):
                yield LanguageButton()
                yield KioskButton(id="larger-text")
                yield KioskButton(id="high-contrast")
                if self.kiosk.speech.offered:
                    yield KioskButton(id="read-aloud")
                    yield KioskButton(id="say-numbers")
            if self.kiosk.speech.offered:
                yield Static(id="speech-hint", classes="status")
            yield Static(id="for-you-only", classes="status")
        yield Static(id="status", classes="status")

    def on_mount(self) -> None:
        # The settings are per person and the app resets them at the wipe: labels follow whoever changes them.
        self.watch(self.kiosk, "large_text", lambda _on: self._label_settings(), init=False)
        self.watch(self.kiosk, "high_contrast", lambda _on: self._label_settings(), init=False)
        self.watch(self.kiosk, "speech_on", lambda _on: self._label_settings(), init=False)
        self.watch(self.kiosk, "speak_numbers", lambda _on: self._label_settings(), init=False)

    def translate(self) -> None:
        for widget_id, key in (
            ("#heading", "entry.attract.heading"),
            ("#lead", "entry.attract.lead"),
            ("#insert", "entry.attract.insert"),
            ("#without-card", "entry.attract.without_card"),
            ("#for-you-only", "entry.attract.for_you_only"),
            ("#speech-hint", "speech.repeat_hint"),
        ):
            for static in self.query(widget_id).results(Static):
                static.update(self.t(key))
        for widget_id, key in (
            ("#browse", "entry.attract.browse"),
            ("#verify", "entry.attract.verify"),
            ("#take-ticket", "queue.attract.take_ticket"),
            ("#demo-card", "entry.attract.insert_demo"),
        ):
            for button in self.query(widget_id).results(KioskButton):
                button.label = self.t(key)
        self._label_settings()
        self.show_status(self.kiosk.portal_status_key)

    def _label_settings(self) -> None:
        for widget_id, key, on in (
            ("#larger-text", "entry.attract.larger_text", self.kiosk.large_text),
            ("#high-contrast", "entry.attract.high_contrast", self.kiosk.high_contrast),
            ("#read-aloud", "speech.read_aloud", self.kiosk.speech_on),
            ("#say-numbers", "speech.say_numbers", self.kiosk.speak_numbers),
        ):
            for button in self.query(widget_id).results(KioskButton):
                button.label = f"{CHECKED if on else UNCHECKED} {self.t(key)}"

    def show_status(self, key: str) -> None:
        """The portal's state (an i18n key) in the status line."""
        self.show_text(self.t(key) if key else "")

    def show_text(self, message: str) -> None:
        """A message in the status line (a card problem, in the card layer's words)."""
        self.query_one("#status", Static).update(message)
        if message and self.is_current:
            self.kiosk.speech.status(message)

    def spoken_summary(self) -> str:
        """What the screen is for and what can be done here, read aloud with the keys that do it."""
        keys = [
            "entry.attract.heading",
            "entry.attract.lead",
            "entry.attract.insert",
            "entry.attract.without_card",
            "entry.attract.browse",
            "entry.attract.verify",
            "speech.say_numbers",
            "speech.repeat_hint",
        ]
        if self.kiosk.settings.card.reader == "simulated":
            keys.insert(3, "entry.attract.insert_demo")
        return " ".join(self.t(key) for key in keys)

    def action_insert_demo_card(self) -> None:
        self.kiosk.insert_demo_card()

    def action_browse(self) -> None:
        self.post_message(BrowseServices())

    def action_verify(self) -> None:
        self.post_message(VerifyCertificate())

    def action_take_ticket(self) -> None:
        self.post_message(TakeTicket())

    def on_kiosk_button_pressed(self, event: KioskButton.Pressed) -> None:
        actions = {
            "demo-card": self.action_insert_demo_card,
            "browse": self.action_browse,
            "verify": self.action_verify,
            "take-ticket": self.action_take_ticket,
            "larger-text": self.kiosk.action_toggle_large_text,
            "high-contrast": self.kiosk.action_toggle_high_contrast,
            "read-aloud": self.kiosk.action_toggle_speech,
            "say-numbers": self.kiosk.action_toggle_speak_numbers,
        }
        if event.button.id in actions:
            actions[event.button.id]()
