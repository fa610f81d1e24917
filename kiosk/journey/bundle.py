"""A life-event bundle without any screen: several services started in one journey.

The portal's life events name the services of their bundle ("moving house": change of address, water contract,
family doctor). Their forms are merged into one form, so the ordinary Journey walks it: one question per page,
one check-your-answers page, one fee (the sum). A question two services ask with the same meaning (same field
id, type, choices and rules) is asked once and its answer goes to each service that asks it then (a service that
asks it only on a condition gets it only when its condition holds); a field that shares only its id with
another service's (each service's "purpose" has its own choices) stays apart, its label naming its service.
At the end the merged answers are split back into one application per service, each checked against its own
form and sent with its own idempotency key.

A bundle holding the change of address ("moving house") asks the address PIN once, as the change does alone: its
merged journey is a CardAddressJourney that refuses the card's address as the new one. With a card that has no
address the Portuguese registry changes (a Belgian eID), the change of address is left out (``left_out``) and
the rest of the bundle runs.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from kiosk.client.models import Condition, FormField, ServiceDetail, ServiceSummary, Taxon
from kiosk.client.outbox import encode_body
from kiosk.journey.address_change import ADDRESS_CHANGE, NEW_ADDRESS, CardAddressJourney, offered_to_card
from kiosk.journey.validation import Problem, applies, validate_answers

BUNDLE_PREFIX = "BUNDLE-"


@dataclass(frozen=True)
class BundledApplication:
    """One service's part of a bundle, ready to send."""

    service: ServiceDetail
    answers: dict[str, object]
    """Normalised, in the service's own field ids."""
    problems: tuple[Problem, ...]
    """What the service's own form refuses (empty when it can be sent)."""

    def idempotency_key(self, session_id: str) -> str:
        """Same person, same service, same answers: the same key (a re-sent bundle never applies twice)."""
        body = encode_body(self.service.code, self.answers)
        digest = hashlib.sha256(session_id.encode() + b"\nbundle\n" + body).hexdigest()
        return f"kiosk-{digest[:48]}"


def _signature(item: FormField) -> tuple[object, ...]:
    """What makes two fields one question: not the label, the hint, whether required or when it is asked."""
    return (item.type, tuple(option.value for option in item.options), item.rules, item.from_card)


def _joinable(known: FormField, candidate: FormField) -> bool:
    """Two conditional askings join only when they are the same condition (else each keeps its own page)."""
    both_conditional = known.condition is not None and candidate.condition is not None
    return not both_conditional or known.condition == candidate.condition


class Bundle:
    """The services of one life event, filled in as one journey."""

    def __init__(
        self,
        event: Taxon,
        services: Sequence[ServiceDetail],
        *,
        card_values: Mapping[str, object] | None = None,
        card_profile: str | None = None,
        language: str = "pt",
    ) -> None:
        if len(services) < 2:
            raise ValueError("a bundle holds at least two services")
        self.event = event
        self.card_profile = card_profile
        """The card's profile (pt-cc1, pt-cc2, be-eid); None before a card is read."""
        self.left_out = tuple(item for item in services if not offered_to_card(item.code, card_profile))
        """The event's services this card cannot use (the change of address with a foreign card)."""
        self.services = self._offered(services)
        self.language = language
        self._ids: dict[tuple[str, str], str] = {}
        """(service code, field id) -> the merged form's field id."""
        merged = self._merged()
        self.journey = CardAddressJourney(
            merged,
            new_address_field=self._ids.get((ADDRESS_CHANGE, NEW_ADDRESS), ""),
            card_values=card_values,
            language=language,
        )

    @property
    def holds_address_change(self) -> bool:
        """The change of address is one of the services: the card's address is read (address PIN) first."""
        return any(service.code == ADDRESS_CHANGE for service in self.services)

    # --- the merged form -------------------------------------------------------------------------------------

    def _merged(self) -> ServiceDetail:
        fields: dict[str, FormField] = {}
        owners: dict[str, list[str]] = {}
        for service in self.services:
            for item in service.fields:
                renamed = self._renamed_condition(service.code, item)
                candidate = dataclasses.replace(item, condition=renamed)
                known = fields.get(item.id)
                if (
                    known is not None
                    and _signature(known) == _signature(candidate)
                    and _joinable(known, candidate)
                ):
                    # The same question: asked once, required if any service requires it, and asked whenever
                    # one of the services asks it (its own condition is applied again at the split).
                    condition = known.condition if known.condition == candidate.condition else None
                    required = known.required or item.required
                    fields[item.id] = dataclasses.replace(known, required=required, condition=condition)
                    owners[item.id].append(service.code)
                    self._ids[(service.code, item.id)] = item.id
                    continue
                merged_id = item.id if known is None else f"{service.code}:{item.id}"
                label = item.label if known is None else f"{item.label} ({service.name})"
                fields[merged_id] = dataclasses.replace(candidate, id=merged_id, label=label)
                owners[merged_id] = [service.code]
                self._ids[(service.code, item.id)] = merged_id
        self.shared = {field_id for field_id, codes in owners.items() if len(codes) > 1}
        """Merged field ids asked once for more than one service."""
        return ServiceDetail(summary=self._summary(), fields=tuple(fields.values()))

    def _renamed_condition(self, code: str, item: FormField) -> Condition | None:
        condition = item.condition
        if condition is None:
            return None
        return Condition(self._ids.get((code, condition.field), condition.field), condition.equals)

    def _summary(self) -> ServiceSummary:
        total = self.total_fee
        return ServiceSummary(
            code=BUNDLE_PREFIX + self.event.code,
            name=self.event.name,
            summary=" · ".join(service.name for service in self.services),
            fee=total,
            assurance="card" if any(s.summary.assurance == "card" for s in self.services) else "none",
            fulfilment="pending",
        )

    @property
    def total_fee(self) -> Decimal | None:
        """The sum of the services' fees, paid once; None when all are free."""
        total = sum((service.summary.fee or Decimal(0) for service in self.services), Decimal(0))
        return total or None

    @property
    def question_count(self) -> int:
        """How many questions the bundle has, against the sum of the services' own forms."""
        return len(self.journey.service.fields)

    def _offered(self, services: Sequence[ServiceDetail]) -> tuple[ServiceDetail, ...]:
        return tuple(service for service in services if offered_to_card(service.code, self.card_profile))

    def relabel(self, services: Sequence[ServiceDetail], event: Taxon) -> None:
        """The same services in another language (the event's, whatever was left out): texts change, answers
        and position stay."""
        offered = self._offered(services)
        if [service.code for service in offered] != [service.code for service in self.services]:
            raise ValueError("relabel takes the same services in another language")
        left_out = {service.code for service in self.left_out}
        self.left_out = tuple(service for service in services if service.code in left_out)
        self.services, self.event = offered, event
        self._ids = {}
        self.journey.relabel(self._merged())

    # --- what is sent ----------------------------------------------------------------------------------------

    def applications(self) -> list[BundledApplication]:
        """One application per service, in the services' order, each in its own field ids."""
        merged = self.journey.submission_answers()
        out: list[BundledApplication] = []
        for service in self.services:
            answers: dict[str, object] = {}
            for item in service.fields:  # in form order, so each condition sees the service's earlier answers
                merged_id = self._ids[(service.code, item.id)]
                if merged_id in merged and applies(item, answers):
                    answers[item.id] = merged[merged_id]
            normalised, problems = validate_answers(service.fields, answers)
            out.append(BundledApplication(service, normalised, problems))
        return out


def bundle_services(event: Taxon) -> tuple[str, ...]:
    """The codes of the services a life event's bundle starts (empty: the event has no bundle)."""
    return event.bundle
