"""The attract screen: what the kiosk does, 'insert your card', and what can be done without one."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, VerticalScroll
from textual.geometry import Size
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Static

from screens.base import KioskScreen, TitleBar, short_below
from screens.messages import BrowseServices, TakeTicket, VerifyCertificate
from screens.widgets.buttons import KioskButton, LanguageButton
from screens.widgets.printer_notice import PrinterNotice
from screens.widgets.status_line import StatusLine

SHORT_BELOW = 32
"""Below this many rows the screen is -short (attract.tcss): it drops its frame and spacing so that every
choice, the settings included, is in sight at 80x24 without scrolling. At 100x30 the framed layout with the
two speech settings offered still ran a row past the bottom, hence 32, not 30 as for the other screens."""
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
    AUTO_FOCUS = ""
    """Focus comes with the choices (_add_choices): given before the first frame, it restyles the panel."""
    VERTICAL_BREAKPOINTS = short_below(SHORT_BELOW)  # given before the first frame too (KioskScreen)

    def compose(self) -> ComposeResult:
        # The first frame carries what a person reads first: the heading, what the kiosk does, "insert your
        # card", a printer fault and the portal's state. The buttons below it come one frame later
        # (_add_choices): composed with the rest, they would double the work before that first frame, and they
        # only ever extend the panel downwards, so nothing already on screen moves.
        yield TitleBar()
        with VerticalScroll(id="panel"):
            yield Static(id="heading")
            yield Static(id="lead")
            yield Static(id="insert")
            yield PrinterNotice()
        yield StatusLine(id="status", classes="status")

    def choices(self) -> list[Widget]:
        """Everything a person can do on this screen, in reading (and focus) order below the notice."""
        with_card = [KioskButton(id="demo-card", variant="primary")] if self.demo_reader else []
        speech = self.kiosk.speech.offered
        self.set_class(speech, "-speech")  # two more settings: a short screen makes room (attract.tcss)
        return [
            *with_card,
            Static(id="without-card"),
            Grid(
                KioskButton(id="browse"), KioskButton(id="verify"), KioskButton(id="take-ticket"), id="services"
            ),
            Grid(
                LanguageButton(),
                KioskButton(id="larger-text"),
                KioskButton(id="high-contrast"),
                *([KioskButton(id="read-aloud"), KioskButton(id="say-numbers")] if speech else []),
                id="options",
            ),
            *([Static(id="speech-hint", classes="status")] if speech else []),
            Static(id="for-you-only", classes="status"),
        ]

    @property
    def demo_reader(self) -> bool:
        return self.kiosk.settings.card.reader == "simulated"

    def on_mount(self) -> None:
        # The settings are per person and the app resets them at the wipe: labels follow whoever changes them.
        self.watch(self.kiosk, "large_text", lambda _on: self._label_settings(), init=False)
        self.watch(self.kiosk, "high_contrast", lambda _on: self._label_settings(), init=False)
        self.watch(self.kiosk, "speech_on", lambda _on: self._label_settings(), init=False)
        self.watch(self.kiosk, "speak_numbers", lambda _on: self._label_settings(), init=False)
        # Queued behind the first frame (call_later after the refresh), like the app's own after-paint work.
        self.call_after_refresh(self.call_later, self._add_choices)

    async def _add_choices(self) -> None:
        panel = self.query_one("#panel", VerticalScroll)
        await panel.mount_all(self.choices())
        self._label()
        # From now on, after every layout (a resize, a printer fault, larger text, the other language).
        self.screen_layout_refresh_signal.subscribe(self, self._make_room)
        if self.focused is None:
            panel.focus()  # where Textual's auto focus put it: arrows scroll the panel, Tab walks its buttons

    def _make_room(self, _screen: Screen[Any]) -> None:
        """The class -crowded while the settings, with the lead, the heading and "without a card" shown, would
        end below the room the panel can take: a printer fault (and the speech settings) then take those rows
        (attract.tcss).

        Measured, not a number of rows: at 80x24 the notice of the longest fault leaves no room for them, at
        100x30 it does; its words wrap to more lines in a narrower terminal or in the longer language.
        """
        panel = self.query_one("#panel", VerticalScroll)
        status = self.query_one("#status")
        # The panel grows to the status line (docked at the bottom), less its own frame where it has one.
        room_bottom = self.region.bottom - status.outer_size.height - panel.styles.gutter.bottom
        width = panel.scrollable_content_region.width
        # The lead counts only without speech: with it, a short screen never shows the lead (attract.tcss).
        crowdable = ["#heading", "#without-card"] + ([] if self.has_class("-speech") else ["#lead"])
        hidden_rows = sum(
            self._rows_shown(widget, width) for widget in map(self.query_one, crowdable) if not widget.display
        )
        # Where the settings would end with the panel at its top and those rows shown.
        settings_end = self.query_one("#options").region.bottom + round(panel.scroll_y) + hidden_rows
        self.set_class(settings_end > room_bottom, "-crowded")

    def _rows_shown(self, widget: Widget, width: int) -> int:
        """The rows ``widget`` takes in the panel when shown (it is hidden now: it has no region to read)."""
        styles = widget.styles
        inner = width - styles.gutter.width - styles.margin.width
        rows = widget.get_content_height(Size(width, self.size.height), self.size, inner)
        return rows + styles.gutter.height + styles.margin.height

    def translate(self) -> None:
        self._label()
        self.show_status(self.kiosk.portal_status_key)

    def _label(self) -> None:
        """Every text of the screen in the current language (the choices only once they are there)."""
        # One walk over the screen's widgets rather than a CSS query per id: this runs before the first frame.
        widgets = self._widgets_by_id()
        for widget_id, key in (
            ("heading", "entry.attract.heading"),
            ("lead", "entry.attract.lead"),
            ("insert", "entry.attract.insert"),
            ("without-card", "entry.attract.without_card"),
            ("for-you-only", "entry.attract.for_you_only"),
            ("speech-hint", "speech.repeat_hint"),
        ):
            if isinstance(static := widgets.get(widget_id), Static):
                static.update(self.t(key))
        for widget_id, key in (
            ("browse", "entry.attract.browse"),
            ("verify", "entry.attract.verify"),
            ("take-ticket", "queue.attract.take_ticket"),
            ("demo-card", "entry.attract.insert_demo"),
        ):
            if isinstance(button := widgets.get(widget_id), KioskButton):
                button.label = self.t(key)
        self._label_settings(widgets)

    def _widgets_by_id(self) -> dict[str, Widget]:
        return {widget.id: widget for widget in self.walk_children(Widget) if widget.id}

    def _label_settings(self, widgets: dict[str, Widget] | None = None) -> None:
        widgets = self._widgets_by_id() if widgets is None else widgets
        for widget_id, key, on in (
            ("larger-text", "entry.attract.larger_text", self.kiosk.large_text),
            ("high-contrast", "entry.attract.high_contrast", self.kiosk.high_contrast),
            ("read-aloud", "speech.read_aloud", self.kiosk.speech_on),
            ("say-numbers", "speech.say_numbers", self.kiosk.speak_numbers),
        ):
            if isinstance(button := widgets.get(widget_id), KioskButton):
                button.label = f"{CHECKED if on else UNCHECKED} {self.t(key)}"

    def welcome_next_person(self, status_key: str) -> None:
        """After the wipe: the portal's state, and the panel back at its top (the previous person may have left
        it scrolled down to the options, with the heading out of view)."""
        self.show_status(status_key)
        self.query_one("#panel", VerticalScroll).scroll_home(animate=False)

    def show_status(self, key: str) -> None:
        """The portal's state (an i18n key) in the status line."""
        self.show_text(self.t(key) if key else "")

    def show_text(self, message: str) -> None:
        """A message in the status line (a card problem, in the card layer's words)."""
        self.query_one("#status", StatusLine).update(message)  # said aloud when it changes

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
        if self.demo_reader:
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
