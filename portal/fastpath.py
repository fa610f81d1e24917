"""A short path for the busiest requests: plain catalog reads by a terminal the worker already knows.

Every kiosk screen reads the catalog, and its views are bytes rendered once per snapshot, so for those
reads the framework's routing, dependency solving and validation cost several times the work itself.
This ASGI layer answers a plain GET of a catalog view (no query string) whose device credential is in
the worker's device cache, with the same bytes and headers as the routes in `portal.routes.catalog`.
Anything else, including a credential the cache does not hold yet, goes on to the application, which
checks it against the database and fills the cache; errors are therefore always the application's.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Receive, Scope, Send

from portal.catalog_store import CatalogSnapshot, CatalogStore, Rendered
from portal.deps import CATALOG_READERS, DeviceCache
from portal.i18n import Language, negotiate_language
from portal.routes.catalog import (
    catalog_headers,
    not_modified,
    render_service,
    render_services,
    render_taxa,
)
from portal.security import token_digest

CATALOG_PREFIX = "/v1/catalog/"
SERVICE_PREFIX = "/v1/catalog/services/"
TAXA_PATHS = {
    "/v1/catalog/life-events": "life_event",
    "/v1/catalog/themes": "theme",
    "/v1/catalog/user-groups": "user_group",
}


class CatalogFastPath:
    def __init__(self, app: ASGIApp, catalog: CatalogStore, devices: DeviceCache) -> None:
        self.app = app
        self.catalog = catalog
        self.devices = devices

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope["method"] != "GET"
            or not scope["path"].startswith(CATALOG_PREFIX)
            or scope["query_string"]
            or not await self._answer(scope, send)
        ):
            await self.app(scope, receive, send)

    async def _answer(self, scope: Scope, send: Send) -> bool:
        """Send the response and return True, or return False (having sent nothing) to let the app answer."""
        headers = _first_headers(scope)
        if headers is None or not self._known_device(headers.get(b"authorization")):
            return False
        try:
            snapshot = await self.catalog.snapshot()
        except Exception:  # the application reports a database problem as a proper problem response
            return False
        language = negotiate_language(_text(headers.get(b"accept-language")))
        rendered = _render(snapshot, scope["path"], language)
        if rendered is None:
            return False
        raw = [
            (name.lower().encode("latin-1"), value.encode("latin-1"))
            for name, value in catalog_headers(rendered, language).items()
        ]
        # The same headers, in the same order, as a Starlette Response would send.
        if not_modified(rendered, _text(headers.get(b"if-none-match"))):
            await send({"type": "http.response.start", "status": 304, "headers": raw})
            await send({"type": "http.response.body", "body": b""})
            return True
        raw.append((b"content-length", str(len(rendered.body)).encode("latin-1")))
        raw.append((b"content-type", b"application/json"))
        await send({"type": "http.response.start", "status": 200, "headers": raw})
        await send({"type": "http.response.body", "body": rendered.body})
        return True

    def _known_device(self, authorization: bytes | None) -> bool:
        scheme, _, token = _text(authorization).partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            return False
        device = self.devices.get(token_digest(token.strip()))
        # The same rights as the catalog routes: another kind of device gets the routes' 403.
        return device is not None and device.channel in CATALOG_READERS


def _first_headers(scope: Scope) -> dict[bytes, bytes] | None:
    """The headers this path reads, first occurrence of each; None when one of them is repeated."""
    wanted = {b"authorization", b"accept-language", b"if-none-match"}
    found: dict[bytes, bytes] = {}
    for name, value in scope["headers"]:
        if name in wanted:
            if name in found:
                return None  # unusual: leave it to the application's own header handling
            found[name] = value
    return found


def _text(value: bytes | None) -> str:
    return value.decode("latin-1") if value is not None else ""


def _render(snapshot: CatalogSnapshot, path: str, language: Language) -> Rendered | None:
    if path == "/v1/catalog/services":
        return render_services(snapshot, language)
    kind = TAXA_PATHS.get(path)
    if kind is not None:
        return render_taxa(snapshot, kind, language)
    if path.startswith(SERVICE_PREFIX):
        service = snapshot.services.get(path[len(SERVICE_PREFIX) :])
        if service is not None:
            return render_service(snapshot, service, language)
    return None
