"""Catalog endpoints: life events, themes, user groups, services and their form definitions."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Header, Query, Request, Response

from portal.catalog import ServiceDefinition
from portal.catalog_store import CatalogSnapshot, CatalogStore, Rendered
from portal.deps import Lang, TerminalDevice
from portal.i18n import Language
from portal.problems import not_found
from portal.schemas import ProblemOut, ServiceDetail, ServiceSummary, TaxonOut

router = APIRouter(prefix="/v1/catalog", tags=["catalog"])
ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ProblemOut},
    406: {"model": ProblemOut},
}
IfNoneMatch = Annotated[str | None, Header()]


def catalog_headers(rendered: Rendered, language: Language) -> dict[str, str]:
    return {
        "ETag": rendered.etag,
        "Content-Language": language,
        "Vary": "Accept-Language",
        "Cache-Control": "private, max-age=0, must-revalidate",
    }


def not_modified(rendered: Rendered, if_none_match: str | None) -> bool:
    return bool(if_none_match) and rendered.etag in {tag.strip() for tag in (if_none_match or "").split(",")}


def render_taxa(snapshot: CatalogSnapshot, kind: str, language: Language) -> Rendered:
    return snapshot.render(
        (kind, language), lambda: [taxon.localized(language) for taxon in snapshot.taxa.get(kind, ())]
    )


def render_service(snapshot: CatalogSnapshot, service: ServiceDefinition, language: Language) -> Rendered:
    return snapshot.render(("service", language, service.code), lambda: service.full_view(language))


def _respond(rendered: Rendered, language: Language, if_none_match: str | None) -> Response:
    headers = catalog_headers(rendered, language)
    if not_modified(rendered, if_none_match):
        return Response(status_code=304, headers=headers)
    return Response(rendered.body, media_type="application/json", headers=headers)


async def _snapshot(request: Request) -> CatalogSnapshot:
    store: CatalogStore = request.app.state.catalog
    return await store.snapshot()


def _taxa_endpoint(kind: str, path: str, summary: str) -> None:
    @router.get(path, response_model=list[TaxonOut], responses=ERRORS, summary=summary)
    async def list_taxa(
        request: Request, _device: TerminalDevice, language: Lang, if_none_match: IfNoneMatch = None
    ) -> Response:
        snapshot = await _snapshot(request)
        return _respond(render_taxa(snapshot, kind, language), language, if_none_match)

    list_taxa.__name__ = f"list_{kind}s"


_taxa_endpoint("life_event", "/life-events", "Life events")
_taxa_endpoint("theme", "/themes", "Themes")
_taxa_endpoint("user_group", "/user-groups", "User groups")


def _matches(service: ServiceDefinition, words: list[str], language: Language) -> bool:
    keywords = service.keywords.in_(language) if service.keywords else ""
    text = " ".join(
        (service.code, service.name.in_(language), service.summary.in_(language), keywords)
    ).casefold()
    return all(word in text for word in words)


@router.get("/services", response_model=list[ServiceSummary], responses=ERRORS)
async def list_services(
    request: Request,
    _device: TerminalDevice,
    language: Lang,
    life_event: Annotated[str | None, Query(max_length=60)] = None,
    theme: Annotated[str | None, Query(max_length=60)] = None,
    user_group: Annotated[str | None, Query(max_length=60)] = None,
    q: Annotated[str | None, Query(max_length=100, description="Words to search for")] = None,
    if_none_match: IfNoneMatch = None,
) -> Response:
    """Services, optionally narrowed by life event, theme, user group or search words."""
    snapshot = await _snapshot(request)
    rendered = render_services(snapshot, language, life_event, theme, user_group, q)
    return _respond(rendered, language, if_none_match)


def render_services(
    snapshot: CatalogSnapshot,
    language: Language,
    life_event: str | None = None,
    theme: str | None = None,
    user_group: str | None = None,
    q: str | None = None,
) -> Rendered:
    words = (q or "").casefold().split()

    def build() -> list[dict[str, Any]]:
        return [
            service.summary_view(language)
            for service in snapshot.services.values()
            if (not life_event or life_event in service.life_events)
            and (not theme or theme in service.themes)
            and (not user_group or user_group in service.user_groups)
            and (not words or _matches(service, words, language))
        ]

    key = ("services", language, life_event or "", theme or "", user_group or "", " ".join(words))
    return snapshot.render(key, build)


@router.get(
    "/services/{code}",
    response_model=ServiceDetail,
    responses={**ERRORS, 404: {"model": ProblemOut}},
)
async def get_service(
    request: Request,
    code: str,
    _device: TerminalDevice,
    language: Lang,
    if_none_match: IfNoneMatch = None,
) -> Response:
    """Start page and form definition of one service."""
    snapshot = await _snapshot(request)
    service = snapshot.services.get(code)
    if service is None:
        raise not_found("problem.service_not_found", code=code)
    return _respond(render_service(snapshot, service, language), language, if_none_match)
