"""Request dependencies: database session, language, the calling device and the person signed in."""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, FastAPI, Header, Request
from fastapi.routing import APIRoute, iter_route_contexts
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from portal.i18n import Language, negotiate_language
from portal.models import Device, SessionToken, StaffUser, utcnow
from portal.problems import Problem, forbidden
from portal.security import token_digest
from portal.settings import PortalSettings

DEVICE_CACHE_SECONDS = 5.0
"""A revoked device, and a staff session ended, expired or of a disabled account, are refused within this many
seconds on every worker (a staff sign-out at once on the worker that served it)."""
_REVALIDATE_BATCH = 500


@dataclass(frozen=True)
class DeviceIdentity:
    id: str
    name: str
    channel: str


@dataclass(frozen=True)
class Principal:
    """Who is acting: always a device, and maybe a citizen or a staff member signed in on it."""

    device: DeviceIdentity
    person_id: str | None = None
    staff_id: str | None = None
    staff_role: str | None = None

    @property
    def actor(self) -> str:
        if self.person_id:
            return f"citizen:{self.person_id}"
        if self.staff_id:
            return f"staff:{self.staff_id}"
        return f"device:{self.device.id}"


def _batches(digests: list[str]) -> Iterator[list[str]]:
    for start in range(0, len(digests), _REVALIDATE_BATCH):
        yield digests[start : start + _REVALIDATE_BATCH]


@dataclass(frozen=True)
class StaffSession:
    """A staff member's session as a worker keeps it: the device it is bound to, who, their role, until when."""

    device_id: str
    staff_id: str
    role: str
    expires_at: dt.datetime


class DeviceCache:
    """The device credentials a worker has seen, and the staff sessions signed in on them, checked again all
    together every few seconds.

    One query per worker revalidates the whole cache (revalidate, run by the app's lifespan), instead of one
    lookup per credential when its entry ages: with a fleet, those lookups went through the whole framework
    and were most of the CPU a worker spent on catalog reads. Staff sessions are kept too: their two lookups
    and a transaction were a third of a clerk's call-next (docs/portal.md, "Queue performance").
    Citizen sessions are not kept: a citizen's sign-out (the card pulled out) takes effect at once everywhere.
    """

    def __init__(self) -> None:
        self._entries: dict[str, DeviceIdentity] = {}
        self._sessions: dict[str, StaffSession] = {}

    def get(self, digest: str) -> DeviceIdentity | None:
        return self._entries.get(digest)

    def put(self, digest: str, device: DeviceIdentity) -> None:
        if len(self._entries) > 10_000:
            self._entries.clear()
        self._entries[digest] = device

    def session(self, digest: str) -> StaffSession | None:
        return self._sessions.get(digest)

    def put_session(self, digest: str, session: StaffSession) -> None:
        if len(self._sessions) > 10_000:
            self._sessions.clear()
        self._sessions[digest] = session

    def forget_session(self, digest: str) -> None:
        self._sessions.pop(digest, None)

    def clear(self) -> None:
        self._entries.clear()
        self._sessions.clear()

    async def revalidate(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        """Forget every credential revoked (or deleted) and every staff session ended, expired or of a disabled
        account since it was cached; take a changed role."""
        digests = list(self._entries)
        valid: set[str] = set()
        staff_digests = list(self._sessions)
        roles: dict[str, str] = {}
        now = utcnow()
        async with sessions() as db:
            for batch in _batches(digests):
                query = select(Device.token_hash).where(
                    Device.token_hash.in_(batch), Device.revoked_at.is_(None)
                )
                valid.update(await db.scalars(query))
            for batch in _batches(staff_digests):
                rows = await db.execute(
                    select(SessionToken.token_hash, StaffUser.role)
                    .join(StaffUser, StaffUser.id == SessionToken.staff_id)
                    .where(
                        SessionToken.token_hash.in_(batch),
                        SessionToken.ended_at.is_(None),
                        SessionToken.expires_at > now,
                        StaffUser.disabled.is_(False),
                    )
                )
                roles.update({digest: role for digest, role in rows.all()})
        for digest in digests:
            if digest not in valid:
                self._entries.pop(digest, None)
        for digest in staff_digests:
            kept = self._sessions.get(digest)
            if kept is None:
                continue
            if digest not in roles:
                self._sessions.pop(digest, None)
            elif roles[digest] != kept.role:
                self._sessions[digest] = dataclasses.replace(kept, role=roles[digest])

    async def keep_revalidating(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        """Revalidate every DEVICE_CACHE_SECONDS until cancelled; forget all when the database cannot answer."""
        while True:
            await asyncio.sleep(DEVICE_CACHE_SECONDS)
            try:
                await self.revalidate(sessions)
            except Exception:
                # Nothing cached is trusted without its check: every request goes to the routes, which answer
                # with a proper problem while the database is away.
                self.clear()


# Dependencies are coroutines even when they do not await: FastAPI runs a plain function in a worker thread,
# and that hop cost more than the whole catalog read on the hot paths.
async def get_settings(request: Request) -> PortalSettings:
    settings: PortalSettings = request.app.state.settings
    return settings


async def get_db(request: Request) -> AsyncIterator[AsyncSession]:
    factory: async_sessionmaker[AsyncSession] = request.app.state.sessions
    async with factory() as session:
        yield session


async def get_language(request: Request) -> Language:
    return negotiate_language(request.headers.get("accept-language"))


Db = Annotated[AsyncSession, Depends(get_db)]
Lang = Annotated[Language, Depends(get_language)]
Settings = Annotated[PortalSettings, Depends(get_settings)]


def unauthorized(detail_id: str) -> Problem:
    return Problem(
        401,
        "unauthorized",
        "problem.unauthorized",
        detail_id,
        headers={"WWW-Authenticate": 'Bearer realm="portal"'},
    )


def presented_credential(request: Request) -> str:
    """The device token of this request (already checked by the device dependency): it keys what is kept
    for the device alone, such as the answers of its submissions (portal.applications.AnswerSeal)."""
    return request.headers.get("authorization", "").partition(" ")[2].strip()


async def get_device(
    request: Request,
    authorization: Annotated[str | None, Header(description="Bearer <device token>")] = None,
) -> DeviceIdentity:
    scheme, _, token = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise unauthorized("problem.device_required")
    digest = token_digest(token.strip())
    cache: DeviceCache = request.app.state.device_cache
    cached = cache.get(digest)
    if cached is not None:
        # The hot path of every catalog read: no database session at all.
        return cached
    factory: async_sessionmaker[AsyncSession] = request.app.state.sessions
    # A session of its own, closed at once: a request must not hold a pooled connection while it waits for
    # something else (the catalog snapshot), or a burst of requests can exhaust the pool.
    async with factory() as db:
        row = await db.scalar(select(Device).where(Device.token_hash == digest))
        device = None
        if row is not None and row.revoked_at is None:
            device = DeviceIdentity(id=row.id, name=row.name, channel=row.kind)
    if device is None:
        raise unauthorized("problem.device_required")
    cache.put(digest, device)
    return device


CurrentDevice = Annotated[DeviceIdentity, Depends(get_device)]
"""Any device kind: only for routes every kind may use. A /v1 route names its kinds with require_device."""

KIOSK, COUNTER, DISPLAY, OPEN311 = "kiosk", "counter", "display", "open311"
DEVICE_KINDS = (KIOSK, COUNTER, DISPLAY, OPEN311)
TERMINALS = (KIOSK, COUNTER)
"""The terminals people use: the catalog, card login, applications, documents."""
CATALOG_READERS = TERMINALS
"""Also checked by the catalog fast path (portal/fastpath.py), which answers before the routes."""


class DeviceOfKind:
    """The calling device, admitted only if its kind is one of those given; 403 for any other kind.

    This is the one place device rights are checked: each /v1 route names the kinds that may call it
    (``require_device``), and the rights of a kind are the routes that name it (``route_device_kinds``,
    listed in docs/portal.md and tested for every route).
    """

    def __init__(self, *kinds: str) -> None:
        unknown = set(kinds) - set(DEVICE_KINDS)
        if unknown or not kinds:
            raise ValueError(f"device kinds must be some of {DEVICE_KINDS}, not {sorted(unknown)}")
        self.kinds = frozenset(kinds)

    async def __call__(
        self,
        request: Request,
        authorization: Annotated[str | None, Header(description="Bearer <device token>")] = None,
    ) -> DeviceIdentity:
        device = await get_device(request, authorization)
        if device.channel not in self.kinds:
            raise forbidden()
        return device


def require_device(*kinds: str) -> DeviceOfKind:
    """A dependency: ``device: Annotated[DeviceIdentity, Depends(require_device("kiosk", "counter"))]``."""
    return DeviceOfKind(*kinds)


def route_device_kinds(route: APIRoute) -> frozenset[str] | None:
    """The device kinds a route admits, or None when it checks no device kind (public, or any device)."""
    pending = [route.dependant]
    while pending:
        dependant = pending.pop()
        if isinstance(dependant.call, DeviceOfKind):
            return dependant.call.kinds
        pending.extend(dependant.dependencies)
    return None


def device_rights(app: FastAPI) -> dict[tuple[str, str], frozenset[str] | None]:
    """The rights table: (method, path) of every API route -> the device kinds it admits (None: no check)."""
    table: dict[tuple[str, str], frozenset[str] | None] = {}
    for context in iter_route_contexts(app.routes):
        route = context.original_route
        if isinstance(route, APIRoute) and context.path:
            for method in sorted(context.methods or ()):
                table[(method, context.path)] = route_device_kinds(route)
    return table


async def get_principal(
    request: Request,
    db: Db,
    device: CurrentDevice,
    x_session_token: Annotated[
        str | None, Header(description="Session token of the citizen or staff member signed in")
    ] = None,
) -> Principal:
    if not x_session_token:
        return Principal(device=device)
    digest = token_digest(x_session_token.strip())
    now = utcnow()
    cache: DeviceCache = request.app.state.device_cache
    kept = cache.session(digest)
    if kept is not None and kept.device_id == device.id and kept.expires_at > now:
        # A clerk's every queue action: no database session for who is acting (revalidated in the cache).
        return Principal(device=device, staff_id=kept.staff_id, staff_role=kept.role)
    row = await db.get(SessionToken, digest)
    # A token is refused on any other device: a stolen token is useless away from its terminal.
    if row is None or row.device_id != device.id or row.ended_at or row.expires_at <= now:
        raise unauthorized("problem.session_invalid")
    role = None
    if row.staff_id:
        staff = await db.get(StaffUser, row.staff_id)
        if staff is None or staff.disabled:
            raise unauthorized("problem.session_invalid")
        role = staff.role
        cache.put_session(digest, StaffSession(device.id, row.staff_id, role, row.expires_at))
    principal = Principal(device=device, person_id=row.person_id, staff_id=row.staff_id, staff_role=role)
    await db.rollback()
    return principal


CurrentPrincipal = Annotated[Principal, Depends(get_principal)]
"""Any device kind; /v1 routes use principal_on (or TerminalPrincipal, CounterPrincipal) instead."""


def principal_on(*kinds: str) -> Callable[..., Awaitable[Principal]]:
    """A dependency: who is acting, on a device of one of these kinds (403 for another kind)."""
    device_of_kind = DeviceOfKind(*kinds)

    # The device as a default value, not in the annotation: annotations are strings here, resolved in the
    # module's namespace, where this closure's dependency does not exist.
    async def principal(
        request: Request,
        db: Db,
        device: DeviceIdentity = Depends(device_of_kind),  # noqa: B008
        x_session_token: Annotated[
            str | None, Header(description="Session token of the citizen or staff member signed in")
        ] = None,
    ) -> Principal:
        return await get_principal(request, db, device, x_session_token)

    return principal


TerminalDevice = Annotated[DeviceIdentity, Depends(require_device(*TERMINALS))]
TerminalPrincipal = Annotated[Principal, Depends(principal_on(*TERMINALS))]
CounterDevice = Annotated[DeviceIdentity, Depends(require_device(COUNTER))]
CounterPrincipal = Annotated[Principal, Depends(principal_on(COUNTER))]


def session_expiry(settings: PortalSettings) -> dt.datetime:
    return utcnow() + dt.timedelta(seconds=settings.session_ttl_seconds)


STAFF_RANK = {"clerk": 1, "supervisor": 2, "admin": 3}


def require_staff(principal: Principal, minimum: str = "clerk") -> str:
    """The staff id when a staff member of at least this role is signed in; 403 otherwise."""
    if principal.staff_id is None or STAFF_RANK.get(principal.staff_role or "", 0) < STAFF_RANK[minimum]:
        raise forbidden()
    return principal.staff_id
