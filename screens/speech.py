"""What the kiosk says aloud, decided in one place (EN 301 549 5.1.3: speech output for people who cannot see).

The app holds one :class:`SpeechGuide`. It listens to the app's screen changes and focus moves and speaks:
each new screen's title and instructions (the screen's ``spoken_summary()`` when it has one, else its heading,
lead and hints), then the focused control, every error and every status change, in the person's language.
A new screen interrupts whatever was being said; F3 says the last thing again. Every status and error line
a screen changes is a :class:`~screens.widgets.status_line.StatusLine`, which hands its new words here.

Speech is offered when ``[accessibility] speech_command`` is set, and only the person turns it on (on the
attract screen), for their visit: the wipe turns it off. Numbers of six digits or more (an identity number, a
NIF, a reference) are said as "a number" and PIN digits as "digit entered" unless the person asks to hear them.
"""

from __future__ import annotations

import re
import time
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable
from weakref import WeakSet, ref

from textual.dom import NoScreen
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Static

from kiosk.i18n import text
from kiosk.speech import Speaker, Utterance
from screens.widgets.buttons import KioskButton
from screens.widgets.status_line import StatusLine, plain

if TYPE_CHECKING:
    from collections.abc import Callable

    from screens.app import KioskApp

# Six or more digits, possibly grouped by spaces, dots or hyphens: identity and tax numbers, postal codes with
# their suffix, phone numbers, references. Shorter numbers (tries left, a fee, a desk) are said as they are.
PERSONAL_NUMBER = re.compile(r"\d(?:[ .\-/]?\d){5,}")
SUMMARY_IDS = ("heading", "lead", "insert", "how", "hint", "kind", "warning", "tries", "description", "problem")
"""Static widgets whose id is one of these, or ends with -one of these, make a screen's default summary (with
every status line shown)."""
LINE_HOLD = 0.5
"""Seconds after a screen's summary or a status or error line during which a focus move waits for it instead of
cutting it off: the screen moved the focus because of it (Continue refused: the error, then the field the person
is put back in; the card read: "your card has been read", then Continue). A focus move the person did not make
(no key or touch since the line was said) waits for it however late it comes: the card's photo, after which
Continue is focused, can take longer than this to read on a busy machine."""


@runtime_checkable
class SpokenScreen(Protocol):
    """A screen that words its own summary (title and instructions) for speech."""

    def spoken_summary(self) -> str: ...


def plain_text(widget: Widget) -> str:
    """What a Static shows, without markup."""
    return plain(widget) if isinstance(widget, Static) else ""


def shown(widget: Widget) -> bool:
    """Displayed, and so are all its containers up to the screen."""
    return all(node.display for node in widget.ancestors_with_self if isinstance(node, Widget))


def in_summary(widget: Static) -> bool:
    if isinstance(widget, StatusLine):
        return widget.spoken
    widget_id = widget.id or ""
    return any(widget_id == name or widget_id.endswith(f"-{name}") for name in SUMMARY_IDS)


def default_summary(screen: Screen[object]) -> str:
    parts = [plain_text(widget) for widget in screen.query(Static) if in_summary(widget) and shown(widget)]
    return " ".join(part for part in parts if part.strip())


def control_label(widget: Widget) -> str:
    """How a focused control is named aloud: its label, else its placeholder or title."""
    for attribute in ("spoken_label", "label", "placeholder", "border_title", "tooltip"):
        value = getattr(widget, attribute, None)
        if value is not None and str(value).strip():
            return str(value)
    return plain_text(widget)


class SpeechGuide:
    """Turns what happens on screen into what the speaker says; all of it on the event loop, none of it blocking
    (the speaker starts its process on its own thread)."""

    def __init__(self, app: KioskApp, *, on_started: Callable[[Utterance], None] | None = None) -> None:
        self.app = app
        self.speaker = Speaker(app.settings.accessibility.speech_command, on_started=on_started)
        self.active = False
        """This person turned speech on (attract screen); off again at the wipe."""
        self.say_numbers = False
        """This person asked to hear numbers and PIN digits."""
        self._summary_pending = False
        self._read: WeakSet[Screen[Any]] = WeakSet()
        """Screens whose summary has been said: until then their status lines are said with it, not alone."""
        self._line_at = -LINE_HOLD
        self._focus_said: ref[Widget] | None = None
        """The control said right after its screen's summary: its own focus event, if it comes later, is not."""
        self._prelude = ""
        """Said before the next screen's summary: what a closing dialog did ("you have more time")."""

    @property
    def offered(self) -> bool:
        """A speech command is configured, so the attract screen offers the choice."""
        return self.speaker.enabled

    def start(self) -> None:
        self.app.screen_change_signal.subscribe(self.app, self.screen_changed)

    # --- the person's choices --------------------------------------------------------------------------------

    def set_active(self, active: bool) -> None:
        self.active = active and self.offered
        if self.active:
            self.say_key("speech.on")
            self._summary_pending = False
            self._read.add(self.app.screen)
            self.say(self._summary(self.app.screen), interrupt=False)
        else:
            self.speaker.stop()

    def set_say_numbers(self, say_numbers: bool) -> None:
        self.say_numbers = say_numbers
        self.say_key("speech.numbers_on" if say_numbers else "speech.numbers_off")

    def wipe(self) -> None:
        """The person left: silence, nothing to repeat, and both choices back to off."""
        self.active = False
        self.say_numbers = False
        self._summary_pending = False
        self._prelude = ""
        self.speaker.stop(forget=True)

    # --- what happens on screen ------------------------------------------------------------------------------

    def screen_changed(self, screen: Screen[object]) -> None:
        if not self.active:
            return
        # The new screen fills in its texts on mount (in the person's language): a callback queued on the screen
        # itself runs after its mount, before its first paint. Until then a focus move belongs to the new
        # screen's summary and is said after it.
        self._summary_pending = True
        self.speaker.stop()
        screen.call_later(self._speak_screen, screen)

    def page_turned(self, screen: Screen[Any]) -> None:
        """A screen showed a new page in place (the next question): read like a new screen."""
        self.screen_changed(screen)

    def _speak_screen(self, screen: Screen[object]) -> None:
        if not self.active or screen is not self.app.screen:
            return
        self._summary_pending = False
        self._read.add(screen)
        self._line_at = time.monotonic()
        prelude, self._prelude = self._prelude, ""
        self.say(f"{prelude} {self._summary(screen)}")
        if (focused := screen.focused) is not None:
            self._focus_said = ref(focused)
            self.say(self.control(focused), interrupt=False)

    def _summary(self, screen: Screen[object]) -> str:
        if isinstance(screen, SpokenScreen):
            return screen.spoken_summary()
        return default_summary(screen)

    def focused(self, widget: Widget) -> None:
        if not self.active or self._summary_pending:
            return
        said_with_summary = self._focus_said is not None and self._focus_said() is widget
        self._focus_said = None
        # A control focused on its way out (its dialog already closed) or under a dialog is not said.
        if self._on_current_screen(widget) and not said_with_summary:
            just_changed = time.monotonic() - self._line_at < LINE_HOLD
            moved_by_person = self.app.last_touch > self._line_at
            self.say(self.control(widget), interrupt=moved_by_person and not just_changed)

    def control(self, widget: Widget) -> str:
        label = control_label(widget)
        if isinstance(widget, KioskButton) and label:
            return text(self.app.language, "speech.button", label=label)
        return label

    def error(self, message: str) -> None:
        """An error, said at once over whatever was being said."""
        self.say(message)

    def status(self, message: str) -> None:
        """A status change, said after whatever is being said."""
        self.say(message, interrupt=False)

    def before_next_screen(self, key: str) -> None:
        """Say this (a text id) first when the next screen is read: a dialog closing says what it did."""
        if self.active:
            self._prelude = text(self.app.language, key)

    def line_changed(self, line: StatusLine) -> bool:
        """A status line of the current screen changed: False when there is nothing to say for it now (speech
        is off, or the line's screen is about to be read, the line with it, or is under another one)."""
        # Textual may mount a new screen, and so fill in its lines, before it says the screen changed.
        return (
            self.active
            and not self._summary_pending
            and self._on_current_screen(line)
            and line.screen in self._read
        )

    def say_line(self, line: StatusLine) -> None:
        """Say a status line's words now, if the person can still see them."""
        if not self.line_changed(line) or not shown(line):
            return
        words = plain(line)
        self._line_at = time.monotonic()
        if line.kind == "error":
            self.error(words)
        else:
            self.status(words)

    def _on_current_screen(self, widget: Widget) -> bool:
        try:
            return widget.screen is self.app.screen
        except NoScreen:
            return False

    def pin_digit(self, digit: str) -> None:
        self.say(digit if self.say_numbers else text(self.app.language, "speech.digit_entered"), mask=False)

    def pin_erased(self) -> None:
        self.say_key("speech.digit_erased")

    def repeat(self) -> None:
        if self.active:
            self.speaker.repeat()

    # --- speaking --------------------------------------------------------------------------------------------

    def say_key(self, key: str, **values: object) -> None:
        self.say(text(self.app.language, key, **values))

    def say(self, message: str, *, interrupt: bool = True, mask: bool = True) -> None:
        if not self.active or not message.strip():
            return
        if mask and not self.say_numbers:
            message = self.masked(message)
        self.speaker.say(message, self.app.language, interrupt=interrupt)

    def masked(self, message: str) -> str:
        hidden = text(self.app.language, "speech.number_hidden")
        return PERSONAL_NUMBER.sub(hidden, message)

    def close(self) -> None:
        self.speaker.close()
