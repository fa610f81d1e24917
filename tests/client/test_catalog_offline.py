"""The catalog stays browsable while the portal is away, and a refresh costs a 304 when nothing changed."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from kiosk.client import PortalClient, PortalUnavailable
from kiosk.client.cache import CatalogCache
from kiosk.embedded import EmbeddedPortal


async def test_catalog_from_cache_when_the_portal_is_down(
    running_portal: tuple[EmbeddedPortal, str], tmp_path: Path
) -> None:
    portal, token = running_portal
    statuses: list[int] = []

    async def record(response: httpx.Response) -> None:
        statuses.append(response.status_code)

    client = PortalClient(portal.url, token, timeout=2.0, cache=CatalogCache(tmp_path / "catalog"))
    client._http.event_hooks["response"].append(record)
    try:
        online = await client.services("en")
        assert len(online) >= 30
        assert statuses == [200]
        again = await client.services("en")
        assert again == online
        assert statuses == [200, 304]  # revalidated by ETag, body from the cache
        detail = await client.service(online[0].code, "en")

        portal.stop()
        offline = await client.services("en")
        assert offline == online
        assert client.offline
        assert (await client.service(online[0].code, "en")) == detail
        with pytest.raises(PortalUnavailable):
            await client.services("pt")  # never fetched in Portuguese: nothing to show but the truth
    finally:
        await client.aclose()


def test_a_damaged_cache_file_is_ignored(tmp_path: Path) -> None:
    cache = CatalogCache(tmp_path)
    cache.put("/v1/catalog/services", "en", '"v1"', [{"code": "X"}])
    [stored] = tmp_path.glob("*.json")
    stored.write_text("{not json")
    assert cache.get("/v1/catalog/services", "en") is None
