"""The admin screen: the state of every part of the kiosk, a test page, the print journal retried, and the only
way out of `kiosk run`.

It only renders: kiosk.admin collects the state and does the work, on thread workers (PC/SC, printers and the
portal may each take seconds to answer).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, VerticalScroll
from textual.widgets import Static

from kiosk.admin import AdminStatus, collect_status, print_test_pages, retry_journal
from screens.base import KioskScreen, TitleBar
from screens.widgets.buttons import KioskButton

if TYPE_CHECKING:
    from kiosk.core import KioskCore


class AdminScreen(KioskScreen[None]):
    OFFERS_CLERK = False  # the operator's screen: no one here needs a clerk called
    # Five buttons in a row need 140 columns to keep each label on whole words ("Atualizar (F5)" broke into
    # "Atualiza" / "r (F5)" at 80); below that they take three columns, below 80 two.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (80, "-wide"), (140, "-widest")]
    BINDINGS = [
        Binding("f5", "refresh", show=False),
        Binding("p", "test_page", show=False),
        Binding("j", "retry_journal", show=False),
        Binding("x", "exit_kiosk", show=False),
        Binding("escape", "close", show=False),
    ]

    def __init__(self, collect: Callable[[KioskCore], AdminStatus] = collect_status) -> None:
        super().__init__()
        self._collect = collect
        self.status: AdminStatus | None = None
        self._outcome = ""

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with VerticalScroll(id="admin-panel"):
            yield Static(id="admin-heading")
            yield Static(id="admin-state", markup=False)  # names and URLs as they are
            yield Static(id="admin-outcome", classes="status")
        with Grid(id="admin-actions"):
            for button_id in ("admin-refresh", "admin-test-page", "admin-retry", "admin-exit", "admin-close"):
                yield KioskButton(id=button_id, variant="primary" if button_id == "admin-exit" else "default")

    def on_mount(self) -> None:
        self.action_refresh()

    def translate(self) -> None:
        self.query_one("#admin-heading", Static).update(self.t("admin.screen.heading"))
        for button_id, key in (
            ("#admin-refresh", "admin.screen.refresh"),
            ("#admin-test-page", "admin.screen.test_page"),
            ("#admin-retry", "admin.screen.retry"),
            ("#admin-exit", "admin.screen.exit"),
            ("#admin-close", "admin.screen.close"),
        ):
            self.query_one(button_id, KioskButton).label = self.t(key)
        self._show()

    def _show(self) -> None:
        state = self.describe(self.status) if self.status else self.t("admin.screen.loading")
        self.query_one("#admin-state", Static).update(state)
        self.query_one("#admin-outcome", Static).update(self._outcome)

    def describe(self, status: AdminStatus) -> str:
        """The state as plain lines: words and ✓/✗ shapes, never colour alone."""
        none = self.t("admin.screen.empty")
        lines = [f"{self.t('admin.screen.readers')}:"]
        for reader in status.readers:
            card = (
                self.t("admin.screen.card_in", card=reader.card)
                if reader.card
                else self.t("admin.screen.no_card")
            )
            lines.append(f"  ✓ {reader.name}: {card}")
        if not status.readers:
            lines.append(f"  ✗ {status.reader_problem or self.t('admin.screen.no_reader')}")
        lines.append(f"{self.t('admin.screen.printers')}:")
        for printer in status.printers:
            mark = "✓" if printer.state == "ready" else "✗"
            reasons = f" [{', '.join(printer.reasons)}]" if printer.reasons else ""
            lines.append(f"  {mark} {printer.name} ({printer.target}): {printer.state}{reasons}")
        counts = ", ".join(f"{state} {count}" for state, count in sorted(status.journal.items())) or none
        lines.append(f"{self.t('admin.screen.journal')}: {counts}")
        waiting = ", ".join(f"{state} {count}" for state, count in sorted(status.outbox.items())) or none
        lines.append(f"{self.t('admin.screen.outbox')}: {waiting}")
        portal = status.portal
        if portal.reachable:
            said = self.t("admin.screen.portal_up", url=portal.url, version=portal.api_version or "?")
        else:
            said = self.t("admin.screen.portal_down", url=portal.url, problem=portal.problem)
        lines.append(f"{self.t('admin.screen.portal')}: {'✓' if portal.reachable else '✗'} {said}")
        lines.append(self.t("admin.screen.versions", version=status.kiosk_version))
        lines.append(f"{self.t('admin.screen.config')}:")
        lines.extend(f"  {key} = {value}" for key, value in status.config)
        return "\n".join(lines)

    def spoken_summary(self) -> str:
        return self.t("admin.screen.heading")

    # --- actions ---------------------------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="admin-state", exit_on_error=False)
    def action_refresh(self) -> None:
        status = self._collect(self.kiosk.core)
        self.app.call_from_thread(self._collected, status)

    def _collected(self, status: AdminStatus) -> None:
        self.status = status
        self._show()

    @work(thread=True, exclusive=True, group="admin-print", exit_on_error=False)
    def action_test_page(self) -> None:
        outcome = print_test_pages(self.kiosk.core, self.kiosk.language)
        said = ", ".join(f"{printer} {state}" for printer, state in outcome)
        self.app.call_from_thread(self._done, self.t("admin.screen.test_sent", outcome=said))

    @work(thread=True, exclusive=True, group="admin-print", exit_on_error=False)
    def action_retry_journal(self) -> None:
        changed = retry_journal(self.kiosk.core)
        self.app.call_from_thread(self._done, self.t("admin.screen.retried", count=changed))

    def _done(self, outcome: str) -> None:
        self._outcome = outcome
        self.kiosk.speech.status(outcome)
        self.action_refresh()

    def action_exit_kiosk(self) -> None:
        self.app.exit(0)

    def action_close(self) -> None:
        self.dismiss(None)

    def on_kiosk_button_pressed(self, event: KioskButton.Pressed) -> None:
        actions: dict[str, Callable[[], object]] = {
            "admin-refresh": self.action_refresh,
            "admin-test-page": self.action_test_page,
            "admin-retry": self.action_retry_journal,
            "admin-exit": self.action_exit_kiosk,
            "admin-close": self.action_close,
        }
        if event.button.id in actions:
            actions[event.button.id]()
