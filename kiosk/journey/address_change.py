"""Change of address, without any screen: the card's current address, the new one, and the code from the letter.

The service's questions (new address, moving date, the bodies to tell) are an ordinary Journey; this adds what
is particular to the change: the address the card holds now (read with the address PIN) is shown and a "new"
address equal to it is refused on its page; the bodies that subscribe to address changes are named; and the
confirmation code typed later, at any kiosk, gets an outcome in plain terms (done, wrong with the tries left,
or spent).

The check against the card's address is :class:`CardAddressJourney`, which a life-event bundle holding the
change of address (kiosk/journey/bundle.py) uses for its merged journey too.

Only a Portuguese Cartão de Cidadão has an address the Portuguese registry changes, kept in an address file read
with the address PIN: :func:`offered_to_card` keeps the change away from other cards (a Belgian eID's address
is read without any PIN and changed by its own commune), on its start page and in a bundle.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kiosk.journey.journey import Journey, address_line
from kiosk.journey.validation import Problem, validate_field

if TYPE_CHECKING:
    from kiosk.client.models import FormField, ServiceDetail

ADDRESS_CHANGE = "ADDRESS-CHANGE"
NEW_ADDRESS = "new_address"
NOTIFY = "notify"
AWAITING_CONFIRMATION = "awaiting_confirmation"
COMPARED = ("street", "postal_code", "locality", "country")
ADDRESS_CARD_PROFILES = frozenset({"pt-cc1", "pt-cc2"})
"""The cards with an address file and an address PIN, whose address the Portuguese registry changes."""


def offered_to_card(service_code: str, profile: str | None) -> bool:
    """Whether the service can be used with this card: the change of address only with a Cartão de Cidadão.
    No card yet (None): offered, the card is asked for before anything personal."""
    return service_code != ADDRESS_CHANGE or profile is None or profile in ADDRESS_CARD_PROFILES


class CardAddressJourney(Journey):
    """A journey that knows the address on the card (None until read, or when it could not be) and refuses it
    as the answer to ``new_address_field`` ('' asks no new address: nothing is refused)."""

    def __init__(
        self,
        service: ServiceDetail,
        *,
        current_address: Mapping[str, object] | None = None,
        new_address_field: str = NEW_ADDRESS,
        card_values: Mapping[str, object] | None = None,
        language: str = "pt",
    ) -> None:
        super().__init__(service, card_values=card_values, language=language)
        self.new_address_field = new_address_field
        self.current_address: dict[str, object] | None = None
        self.know_address(current_address)

    def know_address(self, current_address: Mapping[str, object] | None) -> None:
        """The address read from the card with the address PIN (None: read, but not one the form can hold)."""
        self.current_address = dict(current_address) if current_address else None

    @property
    def current_line(self) -> str:
        """The card's address on one line ('' when unknown)."""
        return address_line(self.current_address) if self.current_address else ""

    def answer(self, raw: object) -> tuple[Problem, ...]:
        question = self.question
        asked = question.field if question is not None else None
        new_address = self.new_address_field
        if asked is not None and new_address and asked.id == new_address and self._same_as_current(asked, raw):
            problem = Problem(new_address, "field.same_address")
            self._refused = (raw, (problem,))
            return (problem,)
        return super().answer(raw)

    def _same_as_current(self, item: FormField, raw: object) -> bool:
        if self.current_address is None:
            return False
        result = validate_field(item, raw)
        value = getattr(result, "value", None)
        if not isinstance(value, dict):
            return False
        current = {"country": "PT", **self.current_address}
        return all(_plain(value.get(key)) == _plain(current.get(key)) for key in COMPARED)


class AddressChangeJourney(CardAddressJourney):
    """The ADDRESS-CHANGE journey on its own."""

    def __init__(
        self,
        service: ServiceDetail,
        *,
        current_address: Mapping[str, object] | None,
        card_values: Mapping[str, object] | None = None,
        language: str = "pt",
    ) -> None:
        if service.summary.code != ADDRESS_CHANGE:
            raise ValueError(f"AddressChangeJourney is for {ADDRESS_CHANGE}, not {service.summary.code}")
        super().__init__(service, current_address=current_address, card_values=card_values, language=language)

    def bodies_told(self) -> list[str]:
        """The subscribing bodies this change will be sent to, as the person chose them on the notify page."""
        if NOTIFY not in {item.id for item in self.service.fields}:
            return []
        chosen = self.submission_answers().get(NOTIFY)
        item = self.service.field(NOTIFY)
        return [item.option_label(str(value)) for value in chosen] if isinstance(chosen, list) else []


def _plain(value: object) -> str:
    return " ".join(str(value or "").casefold().split())


@dataclass(frozen=True)
class CodeOutcome:
    """What came of a confirmation code typed at the kiosk."""

    done: bool
    tries_left: int | None = None
    """Tries the letter's code still has after a wrong one (None when not told)."""
    blocked: bool = False
    """The tries are spent: only a new letter, asked for at a counter, completes the change now."""
    not_waiting: bool = False
    """The application is no longer waiting for a code (already completed, or cancelled)."""

    @classmethod
    def from_problem(cls, status: int | None, problem: Mapping[str, object]) -> CodeOutcome:
        """Read the portal's refusal (RFC 9457 problem with the tries_left extension)."""
        tries = problem.get("tries_left")
        tries_left = tries if isinstance(tries, int) else None
        kind = str(problem.get("type") or "")
        if kind.endswith("/confirmation-blocked") or tries_left == 0:
            return cls(done=False, tries_left=0, blocked=True)
        if status == 409:
            return cls(done=False, not_waiting=True)
        return cls(done=False, tries_left=tries_left)
