"""The person being served, and nothing that outlives them.

One :class:`CitizenSession` exists from the moment a card is read until the card leaves or the person walks
away. Everything personal (identity, answers, the portal token) hangs off it, so wiping it is one call, and the
next person starts from an empty object, never from a cleared-out old one.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from typing import Any


@dataclass
class CitizenSession:
    """What the kiosk knows about the person in front of it."""

    holder_name: str = field(repr=False)
    identity: Any = field(default=None, repr=False)
    """The card's Identity (kiosk.card.identity.Identity); typed loosely so this module stays import-light."""
    reader: str | None = None
    """The reader the card sits in, to talk to the same card again (login, address)."""
    language: str = "pt"
    portal_token: str | None = field(default=None, repr=False)
    applications: dict[str, Any] = field(default_factory=dict, repr=False)
    """The person's own applications by reference (kiosk.services.models.ApplicationInfo), once listed."""
    session_id: str = field(default_factory=lambda: secrets.token_hex(8))
    representing: dict[str, str] | None = field(default=None, repr=False)
    """At a counter: who the person acts for ({"kind": "minor" or "company", "identifier": name or NIPC})."""

    def wipe(self) -> None:
        """Forget the person. Called on card removal, idle timeout and 'finish'."""
        self.holder_name = ""
        self.identity = None
        self.portal_token = None
        self.applications.clear()
        self.representing = None
