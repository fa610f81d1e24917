"""What screens ask of the navigation (screens/navigation.py), as typed messages.

Screens never push one another: they post one of these, or dismiss with a typed result, and the navigation,
the one place that knows the order of the journey, decides what comes next.
"""

from __future__ import annotations

from textual.message import Message


class OpenService(Message):
    """The person chose a service: its start page, then its questions."""

    def __init__(self, code: str) -> None:
        super().__init__()
        self.code = code


class BrowseServices(Message):
    """Look at the services without a card (anything personal asks for the card and PIN later)."""


class VerifyCertificate(Message):
    """Check the seal of a certificate someone brings."""


class MyApplications(Message):
    """The person's own applications and documents (needs the card and the PIN)."""


class ReprintRequested(Message):
    """Print again the documents of one of the person's applications."""

    def __init__(self, reference: str) -> None:
        super().__init__()
        self.reference = reference


class CompanyCodeRequested(Message):
    """A new access code for a company's permanent certificate (the NIPC to offer, maybe empty)."""

    def __init__(self, nipc: str = "") -> None:
        super().__init__()
        self.nipc = nipc


class Finish(Message):
    """The person is done: take the card and the papers."""


class ConfirmAddressCode(Message):
    """The person has the code from a change-of-address letter to type (needs the card and the PIN)."""


class StartBundle(Message):
    """Start all the services of a life event's bundle in one journey (one check, one payment, one receipt)."""

    def __init__(self, event_code: str) -> None:
        super().__init__()
        self.event_code = event_code


class TakeTicket(Message):
    """Take a queue ticket for the counter (no card needed)."""
