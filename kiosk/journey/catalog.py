"""The catalog a person browses: services, and the life events, themes and user groups that lead to them.

Read once per language from the Portal API (through the client's ETag cache, so browsing still works from the
disk cache while the portal is away) and kept as one immutable value the screens and the search share.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kiosk.client.models import ServiceSummary, Taxon

__all__ = ["Catalog", "Taxon", "load_catalog"]

if TYPE_CHECKING:
    from kiosk.client.portal import PortalClient


@dataclass(frozen=True)
class Catalog:
    """Every service and the three ways to browse to it, in one language."""

    services: tuple[ServiceSummary, ...]
    life_events: tuple[Taxon, ...] = ()
    themes: tuple[Taxon, ...] = ()
    user_groups: tuple[Taxon, ...] = ()
    _by_code: dict[str, ServiceSummary] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Frozen: the lookup table is set once here, the documented way around the frozen __setattr__.
        object.__setattr__(self, "_by_code", {service.code: service for service in self.services})

    def service(self, code: str) -> ServiceSummary | None:
        """The service with this code, or None when the catalog has none."""
        return self._by_code.get(code)

    def in_life_event(self, code: str) -> list[ServiceSummary]:
        return [service for service in self.services if code in service.life_events]

    def in_theme(self, code: str) -> list[ServiceSummary]:
        return [service for service in self.services if code in service.themes]

    def for_group(self, code: str) -> list[ServiceSummary]:
        return [service for service in self.services if code in service.user_groups]

    def life_event_names(self, service: ServiceSummary) -> list[str]:
        """The names of the life events the service belongs to (shown beside it, and searched)."""
        return _names(self.life_events, service.life_events)

    def theme_names(self, service: ServiceSummary) -> list[str]:
        return _names(self.themes, service.themes)

    def reachable(self) -> set[str]:
        """Codes of the services a person can reach by browsing a life event, a theme or a user group."""
        found: set[str] = set()
        for service in self._browsable():
            found.add(service.code)
        return found

    def _browsable(self) -> Iterator[ServiceSummary]:
        for taxon in self.life_events:
            yield from self.in_life_event(taxon.code)
        for taxon in self.themes:
            yield from self.in_theme(taxon.code)
        for taxon in self.user_groups:
            yield from self.for_group(taxon.code)


def _names(taxa: tuple[Taxon, ...], codes: tuple[str, ...]) -> list[str]:
    return [taxon.name for taxon in taxa if taxon.code in codes]


async def load_catalog(client: PortalClient, language: str) -> Catalog:
    """The whole catalog in one language: the four reads run at once (each from the cache when offline)."""
    services, life_events, themes, user_groups = await asyncio.gather(
        client.services(language),
        client.life_events(language),
        client.themes(language),
        client.user_groups(language),
    )
    return Catalog(
        services=tuple(services),
        life_events=tuple(life_events),
        themes=tuple(themes),
        user_groups=tuple(user_groups),
    )
