"""Open311 GeoReport v2 facade over the 'report a problem' services, in JSON and XML (domain.md section 1)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any
from urllib.parse import parse_qsl

from fastapi import APIRouter, Request, Response
from sqlalchemy import select

from portal.applications import IDEMPOTENCY_KEY, forget_stale_answer, submit_application
from portal.catalog import ServiceDefinition
from portal.catalog_store import CatalogStore
from portal.deps import OPEN311, Db, DeviceIdentity, Lang, Principal, Settings
from portal.i18n import Language, message
from portal.models import Application, Device, utcnow
from portal.open311 import (
    CHANNEL,
    JSON_MEDIA_TYPE,
    JURISDICTION,
    OPEN_STATUSES,
    SPECIFICATION,
    XML_MEDIA_TYPE,
    Open311Error,
    answers_from_form,
    errors_document,
    geo_extras,
    public_location,
    service_definition,
    service_entry,
    to_xml,
    unstorable_argument,
    w3c,
)
from portal.problems import Problem
from portal.schemas import SubmitApplication
from portal.security import token_digest
from portal.settings import PortalSettings

router = APIRouter(prefix="/open311/v2", tags=["open311"], include_in_schema=False)
MAX_RESULTS = 1000
DEFAULT_WINDOW = dt.timedelta(days=90)
EARLIEST = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
LATEST = dt.datetime(9000, 1, 1, tzinfo=dt.UTC)
"""Dates of a query are refused outside these, so no window arithmetic can overflow."""
RETRY_WINDOW = dt.timedelta(hours=1)
"""A POST without an Idempotency-Key that repeats one of the last hour, byte for byte, is taken as its retry."""


def _respond(fmt: str, root: str, item: str | None, data: Any, status: int = 200) -> Response:
    if fmt == "xml":
        return Response(to_xml(root, item, data), status_code=status, media_type=XML_MEDIA_TYPE)
    body = json.dumps(data, ensure_ascii=False).encode()
    return Response(body, status_code=status, media_type=JSON_MEDIA_TYPE)


def _error(fmt: str, error: Open311Error) -> Response:
    return _respond(
        fmt if fmt in {"json", "xml"} else "xml",
        "errors",
        "error",
        errors_document(error.status, error.description),
        error.status,
    )


def _check(fmt: str, jurisdiction_id: str | None) -> None:
    if fmt not in {"json", "xml"}:
        raise Open311Error(404, "unknown format; use .json or .xml")
    if jurisdiction_id and jurisdiction_id != JURISDICTION:
        raise Open311Error(404, f"unknown jurisdiction_id {jurisdiction_id}")


async def _services(request: Request) -> dict[str, ServiceDefinition]:
    store: CatalogStore = request.app.state.catalog
    snapshot = await store.snapshot()
    return {code: service for code, service in snapshot.services.items() if service.open311_group}


def _public_base(request: Request, settings: PortalSettings) -> str:
    """The portal's configured public URL; else the address this worker listens on, never the Host header,
    which any client can set (a discovery document pointing clients at someone else's server)."""
    if settings.public_url:
        return settings.public_url.rstrip("/")
    host, port = request.scope.get("server") or ("127.0.0.1", 8311)
    host = f"[{host}]" if ":" in str(host) else host
    return f"{request.url.scheme}://{host}:{port}"


@router.get("/discovery.{fmt}")
async def discovery(request: Request, fmt: str, settings: Settings) -> Response:
    try:
        _check(fmt, None)
    except Open311Error as error:
        return _error(fmt, error)
    base = _public_base(request, settings) + "/open311/v2/"
    data = {
        "changeset": "2026-01-01T00:00:00Z",
        "contact": "Linha Cidadão 300 003 990",
        "key_service": "Ask the portal operator for an api_key (a device credential)",
        "endpoints": [
            {
                "specification": SPECIFICATION,
                "url": base,
                "changeset": "2026-01-01T00:00:00Z",
                "type": "production",
                "formats": ["text/xml", "application/json"],
            }
        ],
    }
    return _respond(fmt, "discovery", None, data)


@router.get("/services.{fmt}")
async def services(request: Request, fmt: str, language: Lang, jurisdiction_id: str | None = None) -> Response:
    try:
        _check(fmt, jurisdiction_id)
    except Open311Error as error:
        return _error(fmt, error)
    entries = [service_entry(service, language) for service in (await _services(request)).values()]
    return _respond(fmt, "services", "service", entries)


@router.get("/services/{code}.{fmt}")
async def definition(
    request: Request, code: str, fmt: str, language: Lang, jurisdiction_id: str | None = None
) -> Response:
    try:
        _check(fmt, jurisdiction_id)
        service = (await _services(request)).get(code)
        if service is None:
            raise Open311Error(404, f"unknown service_code {code}")
    except Open311Error as error:
        return _error(fmt, error)
    return _respond(fmt, "service_definition", None, service_definition(service, language))


def _request_entry(application: Application, service: ServiceDefinition, language: Language) -> dict[str, Any]:
    """A request as the public sees it: where and what only for a public place, never a person's address."""
    answers = application.answers
    shown = public_location(service)
    extras = answers.get("_open311", {}) if shown else {}
    closed = application.status not in OPEN_STATUSES
    return {
        "service_request_id": application.reference,
        "status": "closed" if closed else "open",
        "status_notes": "",
        "service_name": service.name.in_(language),
        "service_code": service.code,
        "description": answers.get("description", "") if shown else "",
        "agency_responsible": service.body.in_(language),
        "service_notice": "",
        "requested_datetime": w3c(application.created_at),
        "updated_datetime": w3c(application.updated_at),
        "expected_datetime": w3c(application.created_at + dt.timedelta(days=5)),
        "address": answers.get("location", "") if shown else "",
        "address_id": extras.get("address_id", ""),
        "zipcode": "",
        "lat": extras.get("lat", ""),
        "long": extras.get("long", ""),
        "media_url": extras.get("media_url", ""),
    }


def _parse_datetime(name: str, value: str | None) -> dt.datetime | None:
    if not value:
        return None
    wrong = Open311Error(400, f"{name} must be a W3C datetime with a time zone, from 2000 to 9000")
    try:
        moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
        if moment.tzinfo is None:
            raise wrong
        moment = moment.astimezone(dt.UTC)
    except (ValueError, OverflowError) as error:
        raise wrong from error
    if not EARLIEST <= moment <= LATEST:
        raise wrong
    return moment


@router.get("/requests.{fmt}")
async def list_requests(
    request: Request,
    fmt: str,
    db: Db,
    language: Lang,
    service_request_id: str | None = None,
    service_code: str | None = None,
    start_date: str | None = None,
    end_date: str | None = None,
    status: str | None = None,
    jurisdiction_id: str | None = None,
) -> Response:
    try:
        _check(fmt, jurisdiction_id)
        offered = await _services(request)
        # Only what was reported through Open311 is public; applications from kiosks and counters never are.
        query = select(Application).where(
            Application.service_code.in_(list(offered)), Application.channel == CHANNEL
        )
        if service_request_id:
            query = query.where(Application.reference.in_(service_request_id.split(",")[:MAX_RESULTS]))
        else:
            # Browsing by date shows reports of public places only; a request for a person's own address
            # (a collection at the door) is found only by its id, and then without the address.
            public = [code for code, service in offered.items() if public_location(service)]
            query = query.where(Application.service_code.in_(public))
            end = _parse_datetime("end_date", end_date) or dt.datetime.now(dt.UTC)
            start = _parse_datetime("start_date", start_date) or end - DEFAULT_WINDOW
            if end - start > DEFAULT_WINDOW or start > end:
                raise Open311Error(400, "start_date and end_date may span at most 90 days")
            query = query.where(Application.created_at >= start, Application.created_at <= end)
            if service_code:
                query = query.where(Application.service_code.in_(service_code.split(",")))
            if status:
                wanted = set(status.split(","))
                if not wanted <= {"open", "closed"}:
                    raise Open311Error(400, "status must be open or closed")
                if wanted == {"open"}:
                    query = query.where(Application.status.in_(OPEN_STATUSES))
                elif wanted == {"closed"}:
                    query = query.where(Application.status.not_in(OPEN_STATUSES))
        rows = await db.scalars(query.order_by(Application.created_at.desc()).limit(MAX_RESULTS))
    except Open311Error as error:
        return _error(fmt, error)
    entries = [_request_entry(row, offered[row.service_code], language) for row in rows]
    return _respond(fmt, "service_requests", "request", entries)


async def _offered_request(
    db: Db, offered: dict[str, ServiceDefinition], reference: str, what: str
) -> Application:
    """The application behind a request id or token, only if its service is offered through Open311."""
    row = await db.scalar(select(Application).where(Application.reference == reference))
    if row is None or row.service_code not in offered or row.channel != CHANNEL:
        raise Open311Error(404, f"unknown {what} {reference}")
    return row


@router.get("/requests/{request_id}.{fmt}")
async def one_request(request: Request, request_id: str, fmt: str, db: Db, language: Lang) -> Response:
    try:
        _check(fmt, None)
        offered = await _services(request)
        row = await _offered_request(db, offered, request_id, "service_request_id")
    except Open311Error as error:
        return _error(fmt, error)
    return _respond(
        fmt, "service_requests", "request", [_request_entry(row, offered[row.service_code], language)]
    )


@router.get("/tokens/{token}.{fmt}")
async def token_lookup(request: Request, token: str, fmt: str, db: Db) -> Response:
    """Requests are realtime here, so a token is the request id itself."""
    try:
        _check(fmt, None)
        row = await _offered_request(db, await _services(request), token, "token")
    except Open311Error as error:
        return _error(fmt, error)
    return _respond(fmt, "service_requests", "request", [{"service_request_id": row.reference, "token": token}])


def _idempotency_key(request: Request, form: list[tuple[str, str]]) -> str:
    """The client's Idempotency-Key, else one derived from the whole request: a POST repeated after a crash or
    a lost answer finds the first one's answer instead of creating a second request."""
    given = request.headers.get("idempotency-key")
    if given is not None:
        if not IDEMPOTENCY_KEY.match(given):
            raise Open311Error(400, "Idempotency-Key must be 8 to 128 visible characters")
        return given
    canonical = json.dumps(sorted(form), ensure_ascii=False, separators=(",", ":"))
    return "open311-" + hashlib.sha256(canonical.encode()).hexdigest()


@router.post("/requests.{fmt}")
async def create_request(request: Request, fmt: str, db: Db, language: Lang) -> Response:
    form = parse_qsl((await request.body()).decode("utf-8", errors="replace"), keep_blank_values=True)
    arguments = dict(form)
    try:
        unstorable = unstorable_argument(form)
        if unstorable is not None:
            raise Open311Error(400, f"{unstorable} must be text without NUL characters")
        _check(fmt, arguments.get("jurisdiction_id"))
        api_key = arguments.get("api_key", "")
        device = (
            await db.scalar(select(Device).where(Device.token_hash == token_digest(api_key)))
            if api_key
            else None
        )
        # Only an Open311 client's key: a kiosk's or counter's credential is no api_key (device rights).
        if device is None or device.revoked_at is not None or device.kind != OPEN311:
            raise Open311Error(403, "Invalid api_key received -- can't proceed with create_request.")
        code = arguments.get("service_code", "")
        service = (await _services(request)).get(code)
        if not code:
            raise Open311Error(400, "service_code is required")
        if service is None:
            raise Open311Error(404, f"unknown service_code {code}")
        answers = answers_from_form(service, form)
        key = _idempotency_key(request, form)
        if not request.headers.get("idempotency-key"):
            # A derived key stands for a retry only within the window: the same report a day later is new.
            await forget_stale_answer(db, device.id, key, utcnow() - RETRY_WINDOW)
        principal = Principal(device=DeviceIdentity(id=device.id, name=device.name, channel=CHANNEL))
        body = SubmitApplication(service_code=code, answers=answers)
        try:
            # One transaction: the request, where it is (lat, long...) and the answer kept for a retry.
            _, created = await submit_application(
                db,
                await request.app.state.catalog.snapshot(),
                principal,
                language,
                body,
                key,
                request.app.state.signer,
                credential=api_key,
                extra_answers={"_open311": geo_extras(form)},
            )
        except Problem as problem:
            details = "; ".join(
                f"{error.field}: {message(language, error.code, **error.values)}" for error in problem.errors
            )
            status = 400 if problem.status == 422 else problem.status
            raise Open311Error(status, details or message(language, problem.title_id)) from problem
    except Open311Error as error:
        return _error(fmt, error)
    entry = {"service_request_id": created["reference"], "service_notice": "", "account_id": None}
    return _respond(fmt, "service_requests", "request", [entry], status=201)
