"""The demo catalog content, modelled on the Portuguese Citizen and Business portals (see docs/portal.md)."""

from __future__ import annotations

from portal.catalog import ServiceDefinition, Taxon
from portal.content.services_business import BUSINESS_SERVICES
from portal.content.services_civil import CIVIL_SERVICES
from portal.content.services_municipal import MUNICIPAL_SERVICES
from portal.content.services_social import SOCIAL_SERVICES
from portal.content.taxonomy import LIFE_EVENTS, THEMES, USER_GROUPS

DEMO_SERVICES: tuple[ServiceDefinition, ...] = (
    CIVIL_SERVICES + MUNICIPAL_SERVICES + SOCIAL_SERVICES + BUSINESS_SERVICES
)

__all__ = ["DEMO_SERVICES", "LIFE_EVENTS", "THEMES", "USER_GROUPS", "Taxon"]
