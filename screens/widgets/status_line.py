"""A line of the screen that tells the person how things stand, and says every change of it aloud.

Every status or error text a screen changes while the person is on it (the card being read, a field's error,
the printer's trouble, a certificate's verdict, the seconds left) is a :class:`StatusLine`, so nothing a person
reads changes in silence (EN 301 549 5.1.3). The line hands its new words to the app's speech guide
(screens/speech.py), which decides: nothing while speech is off (and then the line costs nothing more than a
Static), nothing while a new screen is about to be read (its summary includes every status line), an error at
once over whatever was being said, a status after it. tests/ui/test_status_lines.py fails when a screen shows a
status or error text in a plain Static.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from textual.widgets import Static

if TYPE_CHECKING:
    from textual.timer import Timer
    from textual.visual import VisualType

    from screens.speech import SpeechGuide

Kind = Literal["status", "error"]


def plain(widget: Static) -> str:
    """What a Static shows, without markup."""
    text = getattr(widget.visual, "plain", None)
    return text if isinstance(text, str) else ""


class StatusLine(Static):
    """A Static whose changes are spoken: ``kind="error"`` interrupts, ``"status"`` waits its turn.

    An error is said each time it is set, even with the same words (the person tried again and it is still
    wrong); a status only when its words change. ``settle`` waits until the line has stopped changing for that
    many seconds (search results while the person types). ``spoken=False`` is for a line that repeats what
    another one says (a field's inline error under the page's error summary).
    """

    def __init__(
        self,
        content: VisualType = "",
        *,
        kind: Kind = "status",
        settle: float = 0.0,
        spoken: bool = True,
        markup: bool = True,
        id: str | None = None,  # noqa: A002
        classes: str | None = None,
    ) -> None:
        super().__init__(content, markup=markup, id=id, classes=classes)
        self.kind: Kind = kind
        self.settle = settle
        self.spoken = spoken
        self._last_words = ""
        self._pending = False
        self._timer: Timer | None = None

    @property
    def guide(self) -> SpeechGuide | None:
        guide: SpeechGuide | None = getattr(self.app, "speech", None)
        return guide if guide is not None and guide.active and self.spoken else None

    def update(self, content: VisualType = "", *, layout: bool = True, quietly: bool = False) -> None:
        """Show ``content``; say it unless ``quietly`` (a countdown's every second, said when it appears)."""
        super().update(content, layout=layout)
        if quietly or not self.is_attached or (guide := self.guide) is None:
            return
        words = plain(self)
        if self.kind == "status" and words == self._last_words:
            return
        self._last_words = words
        if not guide.line_changed(self):
            return  # a new screen is about to be read, this line with it
        if self.settle:
            if self._timer is not None:
                self._timer.stop()
            self._timer = self.set_timer(self.settle, self._say)
        elif not self._pending:
            # After the screen's next refresh: whatever the same handler does next (hiding the line, another
            # line's words) has happened by then, and several changes in a row are said once.
            self._pending = True
            self.call_after_refresh(self._say)

    def _say(self) -> None:
        self._pending = False
        self._timer = None
        if (guide := self.guide) is not None:
            guide.say_line(self)
