"""The service catalog as typed data: life events, themes, user groups and service definitions."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict

from portal.forms import Bilingual, FormDefinition
from portal.i18n import Language


class Assurance(StrEnum):
    """How sure the portal must be of who is asking."""

    NONE = "none"
    CARD = "card"
    """Citizen card and authentication PIN."""


class Fulfilment(StrEnum):
    INSTANT = "instant"
    """Documents are issued at once (after payment when there is a fee)."""
    PENDING = "pending"
    """A back office decides; the application has a status and a history."""
    CONFIRMATION = "confirmation"
    """Pending until the citizen enters a code sent by letter (change of address)."""


class Taxon(BaseModel):
    """A life event, theme or user group."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    code: str
    name: Bilingual
    description: Bilingual
    bundle: tuple[str, ...] = ()
    """Life events only: the services a kiosk starts together in one journey for this event (each answer
    asked once, one payment, one receipt); empty when the event has no bundle."""

    def localized(self, language: Language) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name.in_(language),
            "description": self.description.in_(language),
            "bundle": list(self.bundle),
        }


class StartPage(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    what_it_does: Bilingual
    who_can_use: Bilingual
    what_you_need: tuple[Bilingual, ...]
    how_long: Bilingual
    other_channels: tuple[Bilingual, ...]


class ServiceDefinition(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    code: str
    name: Bilingual
    summary: Bilingual
    body: Bilingual
    """The responsible public body."""
    fee_cents: int = 0
    assurance: Assurance = Assurance.CARD
    fulfilment: Fulfilment = Fulfilment.INSTANT
    document_type: str | None = None
    """Code of the document issued when the application is complete, if any."""
    life_events: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    user_groups: tuple[str, ...] = ("citizens",)
    keywords: Bilingual | None = None
    open311_group: str | None = None
    """Set for services also offered through the Open311 GeoReport facade."""
    start_page: StartPage
    form: FormDefinition = FormDefinition()

    def fee(self) -> dict[str, Any]:
        return {
            "amount_cents": self.fee_cents,
            "currency": "EUR",
            "display": f"{self.fee_cents / 100:.2f} €".replace(".", ","),
        }

    def summary_view(self, language: Language) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name.in_(language),
            "summary": self.summary.in_(language),
            "body": self.body.in_(language),
            "fee": self.fee(),
            "assurance": self.assurance.value,
            "fulfilment": self.fulfilment.value,
            "life_events": list(self.life_events),
            "themes": list(self.themes),
            "user_groups": list(self.user_groups),
            "keywords": self.keywords.in_(language) if self.keywords else "",
        }

    def full_view(self, language: Language) -> dict[str, Any]:
        page = self.start_page
        return {
            **self.summary_view(language),
            "document_type": self.document_type,
            "start_page": {
                "what_it_does": page.what_it_does.in_(language),
                "who_can_use": page.who_can_use.in_(language),
                "what_you_need": [item.in_(language) for item in page.what_you_need],
                "how_long": page.how_long.in_(language),
                "other_channels": [item.in_(language) for item in page.other_channels],
            },
            "form": self.form.localized(language),
        }
