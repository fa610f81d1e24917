"""What counter screens ask of the counter's navigation (screens/counter/navigation.py), as typed messages.

All derive from :class:`CounterRequest`, which the app hands to the navigation in one handler.
"""

from __future__ import annotations

from typing import Literal

from textual.message import Message

QueueVerb = Literal["call_next", "recall", "no_show", "park", "transfer", "done", "call_parked"]
Task = Literal["desk", "serve", "applications", "verify", "reprint", "day", "appointments"]
HelpVerb = Literal["acknowledge", "close"]
COUNTER_QUEUE_KEYS: tuple[tuple[str, QueueVerb], ...] = (
    ("f5", "call_next"),
    ("f6", "recall"),
    ("f7", "no_show"),
    ("f8", "park"),
    ("f9", "transfer"),
    ("f10", "done"),
)
"""The queue's keys, the same on every counter screen: function keys work even while the clerk types."""


class CounterRequest(Message):
    """Anything a clerk asks of the counter."""


class QueueAction(CounterRequest):
    """A queue key: call next, recall, no-show, park, transfer, done (or call a parked ticket back)."""

    def __init__(self, verb: QueueVerb) -> None:
        super().__init__()
        self.verb: QueueVerb = verb


class CallParked(QueueAction):
    """Call back a ticket this desk parked, by the number the clerk typed (checked before it is sent)."""

    def __init__(self, typed: str) -> None:
        super().__init__("call_parked")
        self.typed = typed


class OpenTask(CounterRequest):
    """Go to one of the desk's tasks; every task is one key away from every screen."""

    def __init__(self, task: Task) -> None:
        super().__init__()
        self.task: Task = task


class HelpAction(CounterRequest):
    """Acknowledge (a clerk is coming) or close a kiosk's call for help."""

    def __init__(self, request_id: str, verb: HelpVerb) -> None:
        super().__init__()
        self.request_id = request_id
        self.verb: HelpVerb = verb


class LockDesk(CounterRequest):
    """The clerk steps away: lock the desk now."""


class SignOut(CounterRequest):
    """The clerk leaves the desk: end the staff session, back to the sign-in screen."""


class SignIn(CounterRequest):
    """The clerk's user name and password from the sign-in screen (checked by the portal, never kept)."""

    def __init__(self, username: str, password: str) -> None:
        super().__init__()
        self.username = username
        self.password = password


class CardSignIn(CounterRequest):
    """Sign in (or unlock the desk) with the clerk's own card and PIN, from the sign-in or the lock screen."""

    def __init__(self, unlock: bool = False) -> None:
        super().__init__()
        self.unlock = unlock


class Unlock(CounterRequest):
    """The password typed on the lock screen, for the clerk who locked the desk."""

    def __init__(self, password: str) -> None:
        super().__init__()
        self.password = password


ServeVerb = Literal["insert_demo", "services", "payments", "company_code", "finish"]


class ServeAction(CounterRequest):
    """Serving the citizen at the desk: insert the demo card, choose a service for them, take cash, a new
    company certificate code for them, finish."""

    def __init__(self, verb: ServeVerb) -> None:
        super().__init__()
        self.verb: ServeVerb = verb


class Representing(CounterRequest):
    """Who the citizen acts for: themselves, a minor (their name) or a company (its NIPC)."""

    def __init__(self, kind: Literal["self", "minor", "company"], identifier: str = "") -> None:
        super().__init__()
        self.kind: Literal["self", "minor", "company"] = kind
        self.identifier = identifier
