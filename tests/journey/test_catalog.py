"""The catalog to browse, read from the real portal: every service reachable, and still there offline."""

from __future__ import annotations

from pathlib import Path

from kiosk.client import PortalClient
from kiosk.client.cache import CatalogCache
from kiosk.client.models import ServiceSummary
from kiosk.embedded import EmbeddedPortal
from kiosk.journey.catalog import Catalog, Taxon, load_catalog

ALL_SERVICES = 34


def summary(
    code: str,
    life_events: tuple[str, ...] = (),
    themes: tuple[str, ...] = (),
    user_groups: tuple[str, ...] = (),
) -> ServiceSummary:
    return ServiceSummary(
        code,
        code.title(),
        "",
        None,
        "none",
        "pending",
        life_events=life_events,
        themes=themes,
        user_groups=user_groups,
    )


async def test_every_service_is_reachable_by_browsing_in_both_languages(
    running_portal: tuple[EmbeddedPortal, str], tmp_path: Path
) -> None:
    portal, token = running_portal
    client = PortalClient(portal.url, token, timeout=2.0, cache=CatalogCache(tmp_path / "catalog"))
    try:
        pt = await load_catalog(client, "pt")
        en = await load_catalog(client, "en")
    finally:
        await client.aclose()

    for catalog in (pt, en):
        assert len(catalog.services) == ALL_SERVICES
        assert catalog.life_events
        assert catalog.themes
        assert catalog.user_groups
        codes = {service.code for service in catalog.services}
        assert catalog.reachable() == codes, f"not reachable: {codes - catalog.reachable()}"
        # Each way of browsing, on its own, leads somewhere: no empty life event, theme or group.
        for taxon in catalog.life_events:
            assert catalog.in_life_event(taxon.code), taxon
        for taxon in catalog.themes:
            assert catalog.in_theme(taxon.code), taxon
        for taxon in catalog.user_groups:
            assert catalog.for_group(taxon.code), taxon

    baby_pt = next(taxon for taxon in pt.life_events if taxon.code == "having-a-baby")
    baby_en = next(taxon for taxon in en.life_events if taxon.code == "having-a-baby")
    assert (baby_pt.name, baby_en.name) == ("Ter um bebé", "Having a baby")
    assert baby_pt.description
    assert baby_en.description
    assert "BIRTH-REGISTER" in {service.code for service in pt.in_life_event("having-a-baby")}
    assert "PENSION" in {service.code for service in en.for_group("seniors")}
    criminal = pt.service("CRIMINAL-RECORD")
    assert criminal is not None
    assert criminal.name == "Certificado de registo criminal"
    assert pt.service("NO-SUCH-SERVICE") is None
    assert en.theme_names(criminal) == ["Certificates"]


async def test_browsing_works_from_the_cache_when_the_portal_is_away(
    running_portal: tuple[EmbeddedPortal, str], tmp_path: Path
) -> None:
    portal, token = running_portal
    cache = CatalogCache(tmp_path / "catalog")
    client = PortalClient(portal.url, token, timeout=2.0, cache=cache)
    try:
        online = await load_catalog(client, "en")
        assert not client.offline
        portal.stop()
        offline = await load_catalog(client, "en")
        assert client.offline
    finally:
        await client.aclose()
    assert offline == online
    assert offline.reachable() == {service.code for service in online.services}


def test_a_catalog_groups_services_by_code() -> None:
    catalog = Catalog(
        services=(
            summary("A", life_events=("moving",), themes=("identity",)),
            summary("B", life_events=("moving", "baby"), user_groups=("families",)),
            summary("C"),
        ),
        life_events=(Taxon("moving", "Moving house", ""), Taxon("baby", "Having a baby", "")),
        themes=(Taxon("identity", "Identity", ""),),
        user_groups=(Taxon("families", "Families", ""),),
    )
    assert [s.code for s in catalog.in_life_event("moving")] == ["A", "B"]
    assert [s.code for s in catalog.in_theme("identity")] == ["A"]
    assert [s.code for s in catalog.for_group("families")] == ["B"]
    assert catalog.in_life_event("unknown") == []
    # C belongs to nothing a person can browse: the check that guards the real catalog must see it.
    assert catalog.reachable() == {"A", "B"}
    b = catalog.service("B")
    assert b is not None
    assert catalog.life_event_names(b) == ["Moving house", "Having a baby"]


def test_a_taxon_reads_the_portal_json() -> None:
    taxon = Taxon.from_json({"code": "health", "name": "Saúde", "description": None})
    assert taxon == Taxon("health", "Saúde", "")
