"""What every kiosk screen shares: its texts follow the app's language, live.

Screens cast the app to KioskApp only for typing; at run time they reach it as ``self.kiosk`` and talk to the
rest of the journey through messages (screens/messages.py) and their dismiss results.
"""

from __future__ import annotations

from contextlib import suppress
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar, cast

from textual._context import NoActiveAppError
from textual._styles_cache import StylesCache
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.widget import Widget
from textual.widgets import Static
from textual.worker import Worker, WorkerState

from kiosk.i18n import text
from screens.widgets.call_clerk import ClerkHeader
from screens.widgets.notice_room import NoticeRoom

if TYPE_CHECKING:
    from screens.app import KioskApp

ResultType = TypeVar("ResultType")

SHORT_BELOW = 30
"""Below this many rows of terminal every kiosk screen and dialog carries the class -short, from it -tall.

80x24 (the smallest terminal we support) and 60x20 are short. There common.tcss gives larger text the usual
three-row targets and title row: five-row ones left a page of a few rows between the title row and the action
bar (with the payment choice under the bar), or a single service in home's list. A screen whose own layout needs
more rows says so with its own breakpoints (short_below; the attract screen)."""


def short_below(rows: int) -> list[tuple[int, str]]:
    """The VERTICAL_BREAKPOINTS of a screen that is -short below ``rows`` rows of terminal and -tall from it."""
    return [(0, "-short"), (rows, "-tall")]


def give_size_classes(screen: Screen[Any]) -> None:
    """The classes of the screen's breakpoints (-narrow/-wide, -short/-tall) for the terminal's size, given now.

    Textual gives them at the screen's first resize; given only then, that resize restyles every widget of the
    page once more, on the path from a key press to the next page. Nothing is given before the app runs.
    """
    with suppress(NoActiveAppError):
        width, height = screen.app.size
        sizes = ((screen.HORIZONTAL_BREAKPOINTS, width), (screen.VERTICAL_BREAKPOINTS, height))
        for breakpoints, cells in sizes:
            reached = [name for at, name in sorted(breakpoints or []) if cells >= at]
            if reached:
                screen.add_class(reached[-1])


class TitleBar(Static):
    """The app's title across the top, in the current language (lighter than Header: no clock, no icon)."""

    def on_mount(self) -> None:
        self.watch(self.app, "title", lambda title: self.update(title), init=True)


class Translated(DOMNode):
    """Mixed into screens and dialogs: ``translate`` runs on mount and again whenever the language changes."""

    @property
    def kiosk(self) -> KioskApp:
        return cast("KioskApp", self.app)

    def t(self, key: str, **values: object) -> str:
        return text(self.kiosk.language, key, **values)

    def on_mount(self) -> None:
        # A bound method, not a lambda: Textual calls on_mount of every class along the MRO, and a screen's
        # own on_mount may call this one again; watching twice with the same method registers it once.
        self.watch(self.kiosk, "language", self._language_changed, init=True)

    def _language_changed(self, _language: str) -> None:
        self.translate()

    def translate(self) -> None:
        """Put every visible text in the current language."""

    def on_unmount(self) -> None:
        forget_watchers_of_closed_nodes(self.app, leaving=self)
        forget_drawn_lines()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        # A worker's state messages do not bubble: a screen hands its failed workers to the app's one
        # switchboard, which words them for the person and logs them for the operator.
        if event.state is WorkerState.ERROR:
            self.kiosk.worker_failed(event.worker)


def forget_drawn_lines() -> None:
    """Let closed screens' drawn lines go.

    Textual keeps a class-wide cache (lru_cache on StylesCache.get_inner_outer, Textual issue 6665) that holds
    the style caches of up to 1024 closed widgets, with the lines they drew: a previous person's name among
    them, and a heap that grows with every page until each full collection takes hundreds of milliseconds.
    Clearing it when a screen closes costs a few colour computations on the next frame.
    """
    StylesCache.get_inner_outer.cache_clear()


def forget_watchers_of_closed_nodes(watched: object, leaving: DOMNode) -> None:
    """Drop the watchers that a closed screen and its widgets hold on the app.

    Textual drops them only when the watched value next changes; until then each one keeps its screen, and
    whatever the screen showed, alive: the previous person's name would outlive the wipe, and every visit would
    leave a screen's worth of memory behind.
    """
    watchers: dict[str, list[tuple[object, object]]] = getattr(watched, "__watchers", {})
    for name, entries in watchers.items():
        watchers[name] = [
            (node, callback)
            for node, callback in entries
            if node is not leaving
            and not getattr(node, "_closing", False)
            and getattr(node, "is_attached", True)
        ]


# Screen comes first: Textual takes a widget's CSS type names (and so the default styles of Screen and
# ModalScreen: an opaque background, scrolling) from the first base only.
class KioskScreen(Screen[ResultType], Translated):
    """A full screen of the journey. Below 80 columns it carries the class -narrow, for layouts that fold; below
    SHORT_BELOW rows the class -short, for layouts that keep the page's room."""

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (80, "-wide")]
    VERTICAL_BREAKPOINTS = short_below(SHORT_BELOW)
    OFFERS_CLERK: ClassVar[bool] = True
    """Carries "call a clerk" in its title row when the app runs as a kiosk; a staff screen says False."""
    SHOWS_QUEUE: ClassVar[bool] = True
    """Carries the queue strip when the app runs as a counter; a screen with the full queue panel, or one that
    must hide the queue (sign-in, lock), says False."""

    def __init__(self, name: str | None = None, id: str | None = None, classes: str | None = None) -> None:  # noqa: A002
        super().__init__(name, id, classes)
        give_size_classes(self)

    async def mount_composed_widgets(self, widgets: list[Widget]) -> None:
        # The one place that gives every kiosk screen its "call a clerk" button: the screen's title bar and the
        # button become one header row (screens/widgets/call_clerk.py), mounted last so that the screen's own
        # first focus is unchanged. Counters and the display (another mode) and staff screens have none.
        if self.OFFERS_CLERK and getattr(self.app, "offers_clerk", False):
            titles = [widget for widget in widgets if isinstance(widget, TitleBar)]
            widgets = [widget for widget in widgets if not isinstance(widget, TitleBar)]
            widgets.append(ClerkHeader(*titles))
        # The same one place gives every page a counter shows the queue strip (the desk, the ticket being
        # served, who waits, the keys), the citizen's service pages a clerk fills in among them.
        counter = getattr(self.app, "counter", None)
        if self.SHOWS_QUEUE and counter is not None:
            widgets.append(counter.queue_strip())
        await super().mount_composed_widgets(widgets)


class KioskModal(ModalScreen[ResultType], Translated):
    """A dialog over the current screen, answering one question (its dismiss result). Below SHORT_BELOW rows it
    carries the class -short, as screens do: larger text keeps three-row targets there (common.tcss)."""

    VERTICAL_BREAKPOINTS = short_below(SHORT_BELOW)

    def __init__(self, name: str | None = None, id: str | None = None, classes: str | None = None) -> None:  # noqa: A002
        super().__init__(name, id, classes)
        give_size_classes(self)

    async def mount_composed_widgets(self, widgets: list[Widget]) -> None:
        # A kiosk shows its notices at the top of the screen, over whatever is there; a dialog has no title row
        # to grow under a long one (as a screen's does), so it gets an empty row that does
        # (screens/widgets/notice_room.py): the dialog is laid out below the notice, never under it.
        if getattr(self.app, "offers_clerk", False):
            widgets = [*widgets, NoticeRoom()]
        await super().mount_composed_widgets(widgets)
