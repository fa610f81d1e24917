"""Room for a notice at the top of a kiosk screen or dialog, so that a long one covers nothing.

A kiosk shows its notices (toasts) at the top (common.tcss, QA M1), on a layer above the page. A notice that
wraps to more lines than the top row has (a long one at 60 columns) would hang over what lies below: the
buttons of the page, or of a dialog. So the widget that holds the top of the screen follows the notices' height
after every layout, and whatever is below it is pushed down (a dialog gets shorter and scrolls), never covered.
On a screen that widget is the title row with "call a clerk" (screens/widgets/call_clerk.py); a dialog has no
title row, so it gets an empty :class:`NoticeRoom` (screens/base.py).
"""

from __future__ import annotations

from typing import Any

from textual.css.query import NoMatches
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets._toast import Toast, ToastRack


def follow_notices(holder: Widget) -> None:
    """After every layout of its screen, give ``holder`` at least the height the notices shown there take."""

    def fit(screen: Screen[Any]) -> None:
        try:
            rack = screen.get_child_by_type(ToastRack)
        except NoMatches:  # notices turned off (tests run so by default)
            return
        # The rack itself is never drawn (hidden, so the compositor gives it no size): its notices are.
        height = max((toast.region.bottom for toast in rack.query(Toast)), default=0) if rack.display else 0
        wanted = height or None  # a min-height: a notice shorter than the holder changes nothing
        current = holder.styles.min_height.cells if holder.styles.min_height is not None else None
        if current != wanted:
            holder.styles.min_height = wanted

    holder.screen.screen_layout_refresh_signal.subscribe(holder, fit)


class NoticeRoom(Widget):
    """An empty row docked at the top of a dialog, as tall as the notice shown over it (none: no rows).

    Styled in common.tcss (a DEFAULT_CSS block would be parsed on its own at start-up).
    """

    def on_mount(self) -> None:
        follow_notices(self)
