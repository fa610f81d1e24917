"""One desk's view of the queue, and the clerk's queue keys as calls to the portal.

:class:`Desk` keeps what the portal does not tell a desk by itself (the ticket it is serving, the tickets it
parked) and answers every action with a new immutable :class:`DeskState`, which the counter's screens render.
The portal decides which ticket comes next (priority rules, atomic call-next); the desk never guesses.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from kiosk.client.portal import PortalError
from kiosk.client.queue import DeskBusy
from kiosk.counter.typed import TypedWrong, ticket_number

if TYPE_CHECKING:
    from kiosk.client.queue import HelpRequest, QueueCategory, QueueClient, Ticket

ACKNOWLEDGED = "acknowledged"


@dataclass(frozen=True)
class DeskState:
    desk: str
    categories: tuple[str, ...]
    """The categories (ticket prefixes) this desk calls."""
    waiting: tuple[QueueCategory, ...] = ()
    """Every category of the branch with how many wait; the desk's own are marked by the screens."""
    serving: Ticket | None = None
    parked: tuple[Ticket, ...] = ()
    help_requests: tuple[HelpRequest, ...] = ()
    outcome: str | None = None
    """i18n key of what the last action did (``counter.queue.*``), for the status line; None when nothing."""
    outcome_values: dict[str, object] = field(default_factory=dict)

    def waiting_here(self) -> int:
        """How many tickets wait in this desk's categories."""
        return sum(category.waiting for category in self.waiting if category.code in self.categories)


class Desk:
    """The queue keys of one desk, for the clerk signed in (their staff token goes with every call)."""

    def __init__(
        self, client: QueueClient, desk: str, categories: tuple[str, ...], language: str = "pt"
    ) -> None:
        self.client = client
        self.language = language
        self.state = DeskState(desk=desk, categories=categories)
        self._token = ""

    def sign_in(self, staff_token: str) -> None:
        self._token = staff_token

    def sign_out(self) -> None:
        """The clerk left: the desk forgets the token and the ticket it was serving (the portal keeps both)."""
        self._token = ""
        self.state = DeskState(desk=self.state.desk, categories=self.state.categories)

    def _said(self, outcome: str | None, **values: object) -> DeskState:
        self.state = replace(self.state, outcome=outcome, outcome_values=values)
        return self.state

    async def refresh(self) -> DeskState:
        """Waiting counts and the kiosks' calls for help, as the portal has them now."""
        waiting = tuple(await self.client.categories(self.language))
        help_requests: tuple[HelpRequest, ...] = ()
        if self._token:
            help_requests = tuple(await self.client.help_requests(self._token, self.language))
        self.state = replace(self.state, waiting=waiting, help_requests=help_requests)
        return self.state

    async def recover(self) -> DeskState:
        """At sign-in: the ticket the portal still has called to this desk (a restart, a dropped connection)
        is served again rather than lost."""
        desk = await self.client.desk(self._token, self.state.desk, self.language)
        await self.refresh()
        if desk.serving is not None and desk.serving.status == "called":
            self.state = replace(self.state, serving=desk.serving)
            return self._said("counter.queue.recovered", number=desk.serving.number)
        return self.state

    async def call_next(self) -> DeskState:
        """The next ticket by the portal's priority rules among this desk's categories.

        A ticket still being served is finished first by the clerk (done, park, no-show or transfer): a desk
        serves one person at a time, and the display must never show two tickets at one desk.
        """
        if self.state.serving is not None:
            return self._said("counter.queue.finish_first", number=self.state.serving.number)
        try:
            ticket = await self.client.call_next(
                self._token, self.state.desk, list(self.state.categories), self.language
            )
        except DeskBusy as busy:
            # The portal still has a ticket called to this desk (an answer lost, a restart): it comes back.
            if busy.serving is None:
                raise
            self.state = replace(self.state, serving=busy.serving)
            return self._said("counter.queue.recovered", number=busy.serving.number)
        if ticket is None:
            self.state = replace(self.state, serving=None)
            await self.refresh()
            return self._said("counter.queue.nobody_waiting")
        self.state = replace(self.state, serving=ticket)
        await self.refresh()
        return self._said("counter.queue.called", number=ticket.number)

    async def recall(self) -> DeskState:
        ticket = self._serving("recall")
        if ticket is None:
            return self.state
        await self.client.recall(self._token, ticket.id, self.language)
        return self._said("counter.queue.recalled", number=ticket.number)

    async def no_show(self) -> DeskState:
        ticket = self._serving("no_show")
        if ticket is None:
            return self.state
        await self.client.no_show(self._token, ticket.id, self.language)
        self.state = replace(self.state, serving=None)
        await self.refresh()
        return self._said("counter.queue.no_show_done", number=ticket.number)

    async def park(self) -> DeskState:
        """Set the person aside (a document to fetch); their ticket can be called back by number."""
        ticket = self._serving("park")
        if ticket is None:
            return self.state
        await self.client.park(self._token, ticket.id, self.language)
        self.state = replace(self.state, serving=None, parked=(*self.state.parked, ticket))
        return self._said("counter.queue.parked", number=ticket.number)

    async def call_parked(self, typed: str) -> DeskState:
        """Call back a parked ticket by the number the clerk types (``A23``, ``a-023``...), wherever it was
        parked in the branch today."""
        if self.state.serving is not None:
            return self._said("counter.queue.finish_first", number=self.state.serving.number)
        try:
            number = ticket_number(typed, self._prefixes())
        except TypedWrong as wrong:
            return self._said(wrong.key, **wrong.values)
        try:
            ticket = await self.client.ticket(number, self.language)
        except PortalError as error:
            if error.status != 404:
                raise
            return self._said("counter.queue.not_parked_here", number=number)
        if ticket.status != "parked":
            return self._said("counter.queue.not_parked_here", number=number)
        called = await self.client.recall(self._token, ticket.id, self.language)
        parked = tuple(other for other in self.state.parked if other.id != ticket.id)
        self.state = replace(self.state, serving=called, parked=parked)
        return self._said("counter.queue.called", number=called.number)

    def _prefixes(self) -> tuple[str, ...]:
        """The ticket prefixes of this desk's categories (the categories' codes until the portal named them)."""
        prefixes = tuple(
            category.prefix for category in self.state.waiting if category.code in self.state.categories
        )
        return prefixes or self.state.categories

    async def transfer(self, *, category: str | None = None, desk: str | None = None) -> DeskState:
        """Send the person to another category's queue or to another desk; this desk is free again."""
        ticket = self._serving("transfer")
        if ticket is None:
            return self.state
        await self.client.transfer(self._token, ticket.id, category=category, desk=desk, language=self.language)
        self.state = replace(self.state, serving=None)
        await self.refresh()
        if desk is not None:
            return self._said("counter.queue.transferred_desk", number=ticket.number, desk=desk)
        return self._said("counter.queue.transferred_category", number=ticket.number, category=category)

    async def done(self, service: str | None = None) -> DeskState:
        """The person was served (with the service done, for the day's statistics)."""
        ticket = self._serving("done")
        if ticket is None:
            return self.state
        await self.client.done(self._token, ticket.id, service=service, language=self.language)
        self.state = replace(self.state, serving=None)
        await self.refresh()
        return self._said("counter.queue.done", number=ticket.number)

    async def acknowledge_help(self, request_id: str) -> DeskState:
        await self.client.acknowledge_help(self._token, request_id, self.language)
        await self.refresh()
        return self._said("counter.help.acknowledged")

    async def close_help(self, request_id: str) -> DeskState:
        await self.client.close_help(self._token, request_id, self.language)
        await self.refresh()
        return self._said("counter.help.closed")

    def _serving(self, verb: str) -> Ticket | None:
        if self.state.serving is None:
            self._said("counter.queue.nobody_served", verb=verb)
        return self.state.serving
