"""While the card is read: 'do not remove it', then the holder's photo and name, or what went wrong."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Static

from screens.base import KioskScreen, TitleBar
from screens.widgets.buttons import KioskButton
from screens.widgets.photo import PhotoView
from screens.widgets.status_line import StatusLine

if TYPE_CHECKING:
    from kiosk.card.identity import Photo


class CardReadingScreen(KioskScreen[None]):
    """Reading progress, then the holder.

    The navigation calls ``show_holder``, ``show_photo`` and ``show_problem`` as the card answers and dismisses
    the screen when done; after a problem the person can leave it too ("Back to the start", result None).
    """

    BINDINGS = [Binding("escape", "back", show=False)]
    HOLDER_SECONDS = 5.0
    """How long the holder's photo and name stay before the kiosk moves on by itself (Continue is sooner)."""

    def __init__(self) -> None:
        super().__init__()
        self._holder = ""
        self._problem = ""
        self._ready = False  # the photo has been given: the person may move on
        self._left = False
        self._mounted = False
        self._photo: Photo | None = None

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with VerticalScroll(id="reading-panel"):
            yield Static(id="reading-heading")
            with Horizontal(id="reading-body"):
                yield PhotoView(id="reading-photo")
                with Vertical(id="reading-text"):
                    yield StatusLine(id="reading-progress")
                    yield Static(id="reading-holder")  # the name is shown, not said: others may be near
                    yield StatusLine(id="reading-problem", kind="error")
                    yield KioskButton(id="reading-continue", variant="primary")
                    yield KioskButton(id="reading-back")

    def translate(self) -> None:
        self.query_one("#reading-heading", Static).update(self.t("entry.reading.heading"))
        self.query_one(PhotoView).placeholder = self.t("entry.reading.no_photo")
        self.query_one("#reading-back", KioskButton).label = self.t("entry.reading.back")
        self.query_one("#reading-continue", KioskButton).label = self.t("entry.reading.continue")
        self._refresh_state()

    def on_mount(self) -> None:
        # The navigation may call the show_ methods before the screen is mounted (the card can be quick):
        # they keep what they were given, and it is shown from here.
        self._mounted = True
        if self._ready:
            self._show_photo()
        elif self._problem:
            self.query_one("#reading-back", KioskButton).focus()

    def show_holder(self, name: str) -> None:
        """The card has been read: say so and greet the holder by the name on the card."""
        self._holder = name
        if self._mounted:
            self._refresh_state()

    def show_photo(self, photo: Photo | None) -> None:
        """The holder's photo (decoded in a thread), or a plain placeholder when the card has none.

        The last thing the navigation gives: the person may now continue, or the kiosk does after a moment.
        """
        self._photo = photo
        self._ready = True
        if self._mounted:
            self._show_photo()

    def _show_photo(self) -> None:
        self.query_one(PhotoView).show(self._photo)
        self._photo = None  # the view has it; this screen keeps no copy
        self._refresh_state()
        self.query_one("#reading-continue", KioskButton).focus()
        self.set_timer(self.HOLDER_SECONDS, self._leave)

    def show_problem(self, message: str) -> None:
        """Something went wrong, in the card layer's plain words; the person can go back to the start."""
        self._problem = message
        if self._mounted:
            self._refresh_state()
            self.query_one("#reading-back", KioskButton).focus()

    def _refresh_state(self) -> None:
        progress = self.query_one("#reading-progress", StatusLine)
        progress.display = not self._problem
        progress.update(self.t("entry.reading.read" if self._holder else "entry.reading.progress"))
        holder = self.query_one("#reading-holder", Static)
        holder.update(Text(self.t("entry.reading.holder", name=self._holder)))  # a name is text, never markup
        holder.display = bool(self._holder) and not self._problem
        problem = self.query_one("#reading-problem", StatusLine)
        problem.display = bool(self._problem)
        if self._problem:
            problem.update(Text(self.t("entry.reading.problem", message=self._problem)))
        self.query_one("#reading-back", KioskButton).display = bool(self._problem)
        self.query_one("#reading-continue", KioskButton).display = self._ready and not self._problem

    def action_back(self) -> None:
        if self._problem:
            self._leave()

    def on_kiosk_button_pressed(self, event: KioskButton.Pressed) -> None:
        if event.button.id in {"reading-back", "reading-continue"}:
            self._leave()

    def _leave(self) -> None:
        if not self._left:
            self._left = True
            self.dismiss(None)

    def on_unmount(self) -> None:
        self._holder = ""  # nothing of this person stays behind in a screen object someone still holds
        self._photo = None
