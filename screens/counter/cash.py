"""Take cash: for one fee, or for a payment group (a life-event bundle's one joint reference for several
applications), and the amount handed over; the change comes from the portal once it has settled.

The groups that pay the citizen's fees are offered at once; a group can also be found by typing its joint
reference (the citizen's paper shows it), with or without the citizen's card at the desk. A group shows every
application it pays with its fee, then the total.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Input, Static

from kiosk.counter.cash import CashChoice, DueGroup, DuePayment, group_reference
from kiosk.counter.typed import TypedWrong, tendered_cents
from screens.base import KioskModal
from screens.widgets.action_bar import ActionBar
from screens.widgets.buttons import KioskButton

if TYPE_CHECKING:
    from kiosk.client.staff_cash import GroupDue

FindGroups = Callable[[str], Awaitable[list["GroupDue"]]]
"""Asks the portal for the pending groups under a joint reference (CounterService.payment_groups)."""


class ChoiceButton(KioskButton):
    def __init__(self, index: int) -> None:
        super().__init__(id=f"cash-due-{index}")
        self.index = index


class CashDialog(KioskModal[tuple[CashChoice, int] | None]):
    """Answers (the fee or group paid, the cents handed over) or None (Escape, Cancel)."""

    BINDINGS = [Binding("escape", "cancel", show=False)]

    def __init__(self, choices: list[CashChoice], find: FindGroups) -> None:
        super().__init__()
        self.choices = choices
        self.find_groups = find
        self.chosen = 0
        self.problem: TypedWrong | None = None
        self.said = ""
        """The portal's own words about a reference looked up (it could not be reached, it was refused)."""

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="cash-panel"):
            yield Static(id="cash-heading")
            # Any number of bundles and fees, each a long label: side by side while they fit, else folded.
            yield ActionBar(*(ChoiceButton(index) for index in range(len(self.choices))), id="cash-dues")
            yield Static(id="cash-due")
            yield Static(id="cash-lines")
            yield Static(id="cash-tendered-label", classes="counter-label")
            yield Input(id="cash-tendered", max_length=12)
            yield Static(id="cash-group-label", classes="counter-label")
            with Horizontal(id="cash-find-row"):
                yield Input(id="cash-group-reference", max_length=15)
                yield KioskButton(id="cash-find")
            yield Static(id="cash-problem", classes="notice")
            with Horizontal(id="cash-actions"):
                yield KioskButton(id="cash-take", variant="primary")
                yield KioskButton(id="cash-cancel")

    def on_mount(self) -> None:
        # Something to pay: the amount first; nothing yet: the joint reference that finds a bundle.
        self.query_one("#cash-tendered" if self.choices else "#cash-group-reference", Input).focus()

    def translate(self) -> None:
        has_choice = bool(self.choices)
        self.query_one("#cash-heading", Static).update(
            self.t("counter.cash.heading" if has_choice else "counter.cash.heading_find")
        )
        for button in self.query(ChoiceButton):
            mark = "● " if button.index == self.chosen else ""  # chosen by a sign, not a colour alone
            button.label = mark + self._choice_name(self.choices[button.index])
        self._show_chosen()
        self.query_one("#cash-tendered-label", Static).update(self.t("counter.cash.tendered"))
        self.query_one("#cash-tendered", Input).placeholder = self.t("counter.cash.tendered_placeholder")
        self.query_one("#cash-group-label", Static).update(self.t("counter.cash.group_reference"))
        self.query_one("#cash-group-reference", Input).placeholder = self.t(
            "counter.cash.group_reference_placeholder"
        )
        self.query_one("#cash-find", KioskButton).label = self.t("counter.cash.find")
        self.query_one("#cash-take", KioskButton).label = self.t("counter.cash.take")
        self.query_one("#cash-cancel", KioskButton).label = self.t("counter.cash.cancel")
        for part in ("#cash-due", "#cash-tendered-label", "#cash-tendered", "#cash-take"):
            self.query_one(part).display = has_choice
        problem = self.query_one("#cash-problem", Static)
        problem.update(
            self.said
            or (self.t(self.problem.key, **self.problem.values_in(self.kiosk.language)) if self.problem else "")
        )
        problem.display = bool(self.said) or self.problem is not None

    def _choice_name(self, choice: CashChoice) -> str:
        if isinstance(choice, DueGroup):
            return self.t("counter.cash.group_button", reference=choice.reference, amount=self._due(choice))
        return f"{choice.application_reference} · {self._due(choice)}"

    def _due(self, choice: CashChoice) -> str:
        """The amount in the screen's language: F2 in the dialog rewrites it (12,50 € / €12.50)."""
        return choice.due_words(self.kiosk.language)

    def _show_chosen(self) -> None:
        due = self.query_one("#cash-due", Static)
        lines = self.query_one("#cash-lines", Static)
        lines.display = False
        if not self.choices:
            return
        chosen = self.choices[self.chosen]
        if isinstance(chosen, DuePayment):
            due.update(self.t("counter.cash.due", amount=self._due(chosen), service=chosen.service_code))
            return
        items = chosen.lines(self.kiosk.language)
        due.update(
            self.t(
                "counter.cash.group_due",
                amount=self._due(chosen),
                count=len(items),
                reference=chosen.reference,
            )
        )
        width = max(len(service) for _reference, service, _fee in items)
        rows = [f"{reference}  {service.ljust(width)}  {fee:>10}" for reference, service, fee in items]
        total = self.t("counter.cash.total")
        rows.append(f"{total.ljust(len(rows[0]) - 12)}  {self._due(chosen):>10}")
        lines.update("\n".join(rows))
        lines.display = True

    # --- the clerk's choices ---------------------------------------------------------------------------------

    def on_kiosk_button_pressed(self, event: KioskButton.Pressed) -> None:
        event.stop()
        if isinstance(event.button, ChoiceButton):
            self._choose(event.button.index)
        elif event.button.id == "cash-take":
            self.take()
        elif event.button.id == "cash-find":
            self.look_up()
        else:
            self.dismiss(None)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "cash-group-reference":
            self.look_up()
        else:
            self.take()

    def _choose(self, index: int) -> None:
        self.chosen, self.problem, self.said = index, None, ""
        self.translate()
        self.query_one("#cash-tendered", Input).focus()

    def take(self) -> None:
        if not self.choices:
            self.look_up()
            return
        choice = self.choices[self.chosen]
        try:
            cents = tendered_cents(self.query_one("#cash-tendered", Input).value, choice.due_cents)
        except TypedWrong as wrong:
            self.problem, self.said = wrong, ""
            self.translate()
            return
        self.dismiss((choice, cents))

    def look_up(self) -> None:
        """The typed joint reference, checked here, then looked up at the portal in a worker."""
        try:
            reference = group_reference(self.query_one("#cash-group-reference", Input).value)
        except TypedWrong as wrong:
            self.problem, self.said = wrong, ""
            self.translate()
            return
        self.problem, self.said = None, self.t("counter.cash.finding")
        self.translate()
        self.run_worker(self._look_up(reference), group="cash-find", name="find group", exclusive=True)

    async def _look_up(self, reference: str) -> None:
        from kiosk.client import PortalError, PortalUnavailable

        try:
            found = await self.find_groups(reference)
        except PortalUnavailable:
            found, self.said = [], self.t("counter.cash.portal_away")
        except PortalError as error:
            found, self.said = [], str(error)  # the portal's own plain words, in the clerk's language
        else:
            self.said = "" if found else self.t("counter.cash.group_unknown", reference=reference)
        if found:
            self._add_groups(found)
        self.translate()

    def _add_groups(self, groups: list[GroupDue]) -> None:
        known = {
            choice.group.id: index for index, choice in enumerate(self.choices) if isinstance(choice, DueGroup)
        }
        first = None
        for group in groups:
            if group.id in known:
                first = known[group.id] if first is None else first
                continue
            self.choices.append(DueGroup(group))
            index = len(self.choices) - 1
            self.query_one("#cash-dues", ActionBar).mount(ChoiceButton(index))
            first = index if first is None else first
        if first is not None:
            self.call_after_refresh(self._choose, first)

    def action_cancel(self) -> None:
        self.dismiss(None)
