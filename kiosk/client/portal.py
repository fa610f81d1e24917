"""One httpx.AsyncClient for the life of the app, with retries that can never apply a submission twice.

Retries happen only where repeating is safe: GET requests, and POSTs that carry an Idempotency-Key (the portal
answers a repeated key with the first answer). Pauses between tries are drawn at random ("full jitter") and a
Retry-After from the portal is obeyed (:class:`RetryPolicy`), so a fleet of kiosks does not come back in step
after a portal restart. Errors reach the screens as :class:`PortalError` with a plain message in the person's
language, never as an httpx exception.
"""

from __future__ import annotations

import asyncio
import base64
import datetime as dt
import json
import random
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import quote

import httpx

from kiosk.client.cache import CatalogCache
from kiosk.client.models import Challenge, CitizenLogin, ServiceDetail, ServiceSummary, Submission, Taxon
from kiosk.client.outbox import Outbox, encode_body

_JSON = {"Content-Type": "application/json"}
_RETRY_STATUSES = frozenset({502, 503, 504})
_TOO_MANY = 429
CARD_READS = "/v1/audit/card-reads"

_MESSAGES = {
    "unavailable": {
        "pt": "Não é possível contactar o portal neste momento. Tente de novo dentro de momentos.",
        "en": "The portal cannot be reached right now. Please try again in a moment.",
    },
    "rejected": {
        "pt": "O portal recusou o pedido: {detail}",
        "en": "The portal refused the request: {detail}",
    },
}


class PortalError(Exception):
    """A failure phrased for the person at the kiosk; ``status`` is the HTTP status when there was one."""

    def __init__(self, message: str, status: int | None = None, problem: Mapping[str, Any] | None = None):
        super().__init__(message)
        self.status = status
        self.problem = dict(problem or {})


class PortalUnavailable(PortalError):
    """The portal could not be reached at all (down, network, timeout)."""


def retry_after_seconds(value: str | None, now: dt.datetime | None = None) -> float | None:
    """The wait a Retry-After header asks for (RFC 9110 10.2.3: seconds or an HTTP-date); None if unusable.

    A date in the past means "now" (0). Anything else (negative, fractional, garbage) is ignored as if absent.
    """
    if value is None:
        return None
    value = value.strip()
    if value.isascii() and value.isdigit():
        return float(int(value))
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:  # an HTTP-date is always GMT; parsedate gives naive for "-0000"
        when = when.replace(tzinfo=dt.UTC)
    moment = now or dt.datetime.now(dt.UTC)
    return max(0.0, (when - moment).total_seconds())


@dataclass(frozen=True)
class RetryPolicy:
    """When to try a safe call again after the portal could not answer.

    Each pause is drawn uniformly between 0 and a rising ceiling ("full jitter"): on average the old fixed
    0.2, 0.5 and 1.0 s, but kiosks that lost the portal at the same moment no longer retry at the same moment.
    A Retry-After (503, or 429 "too many") is obeyed: never sooner than asked, plus a jitter so the fleet
    still spreads; one longer than ``retry_after_cap`` ends the retries at once, since waiting would hold the
    person at the screen and retrying sooner would disobey the portal.
    """

    ceilings: tuple[float, ...] = (0.4, 1.0, 2.0)
    """The upper bound of each pause in seconds; there are as many retries as ceilings."""
    retry_after_cap: float = 5.0
    uniform: Callable[[], float] = field(default=random.random, compare=False)
    """A number in [0, 1): the randomness (a seeded generator in tests)."""
    sleep: Callable[[float], Awaitable[None]] = field(default=asyncio.sleep, compare=False)

    def pause(self, retry: int, retry_after: float | None = None) -> float | None:
        """Seconds to wait before retry number ``retry`` (0 for the first), or None: do not retry."""
        if retry >= len(self.ceilings):
            return None
        jitter = self.uniform() * self.ceilings[retry]
        if retry_after is None:
            return jitter
        if retry_after > self.retry_after_cap:
            return None
        return retry_after + jitter


class PortalClient:
    def __init__(
        self,
        base_url: str,
        device_token: str,
        *,
        timeout: float = 8.0,
        ca_bundle: str | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        cache: CatalogCache | None = None,
        retry_policy: RetryPolicy | None = None,
    ) -> None:
        self.cache = cache
        self.retry_policy = retry_policy or RetryPolicy()
        self.offline = False
        """True when the last catalog read came from the cache because the portal could not be reached."""
        self._http = httpx.AsyncClient(
            base_url=base_url.rstrip("/"),
            headers={"Authorization": f"Bearer {device_token}", "User-Agent": "citizen-kiosk"},
            timeout=httpx.Timeout(timeout, connect=min(timeout, 3.0)),
            verify=ca_bundle or True,
            transport=transport,
        )

    async def aclose(self) -> None:
        await self._http.aclose()

    async def services(self, language: str) -> list[ServiceSummary]:
        data = await self._catalog("/v1/catalog/services", language)
        return [ServiceSummary.from_json(item) for item in data]

    async def service(self, code: str, language: str) -> ServiceDetail:
        """The start page and form definition of one service."""
        return ServiceDetail.from_json(await self._catalog(f"/v1/catalog/services/{code}", language))

    async def _catalog(self, path: str, language: str) -> Any:
        """A catalog read: revalidated by ETag, and served from the disk cache while the portal is away."""
        cached = self.cache.get(path, language) if self.cache else None
        headers = {"If-None-Match": cached.etag} if cached and cached.etag else {}
        try:
            response = await self._send("GET", path, language, headers=headers)
        except PortalUnavailable:
            if cached is None:
                raise
            self.offline = True
            return cached.body
        self.offline = False
        if response.status_code == 304 and cached is not None:
            return cached.body
        body = response.json()
        if self.cache is not None:
            self.cache.put(path, language, response.headers.get("ETag"), body)
        return body

    async def citizen_challenge(self, language: str) -> Challenge:
        """A fresh challenge for the card to sign; valid once, on this device only."""
        return Challenge.from_json(await self._request("POST", "/v1/auth/citizen/challenge", language))

    async def citizen_session(
        self,
        challenge_id: str,
        signature: bytes,
        algorithm: str,
        certificate_chain: Sequence[bytes],
        language: str,
    ) -> CitizenLogin:
        """Exchange the card's signature and certificates for a session token bound to person and device."""
        body = {
            "challenge_id": challenge_id,
            "signature": base64.b64encode(signature).decode(),
            "algorithm": algorithm,
            "certificate_chain": [base64.b64encode(cert).decode() for cert in certificate_chain],
        }
        content = json.dumps(body).encode()
        data = await self._request(
            "POST", "/v1/auth/citizen/session", language, content=content, headers=_JSON, retry=False
        )
        return CitizenLogin.from_json(data)

    async def logout(self, session_token: str) -> None:
        await self._request("DELETE", "/v1/auth/session", "pt", headers={"X-Session-Token": session_token})

    async def submit(
        self,
        service_code: str,
        answers: Mapping[str, object],
        *,
        idempotency_key: str,
        language: str,
        citizen_token: str | None = None,
    ) -> Submission:
        body = encode_body(service_code, answers)
        return await self.submit_body(
            body, idempotency_key=idempotency_key, language=language, citizen_token=citizen_token
        )

    async def submit_body(
        self, body: bytes, *, idempotency_key: str, language: str, citizen_token: str | None = None
    ) -> Submission:
        """POST an application body exactly as given: a re-send from the outbox must match byte for byte."""
        headers = {"Idempotency-Key": idempotency_key, "Content-Type": "application/json"}
        if citizen_token:
            headers["X-Session-Token"] = citizen_token
        data = await self._request("POST", "/v1/applications", language, content=body, headers=headers)
        return Submission.from_json(data)

    async def create_payment_group(
        self, references: list[str], *, idempotency_key: str, language: str, citizen_token: str | None = None
    ) -> dict[str, Any]:
        """One Multibanco reference for the pending fees of these applications (POST /v1/payment-groups): its
        entity, reference, amount and the references it pays. The same key always gets the same group."""
        headers = {"Idempotency-Key": idempotency_key, "Content-Type": "application/json"}
        if citizen_token:
            headers["X-Session-Token"] = citizen_token
        body = json.dumps({"references": references}).encode()
        data: dict[str, Any] = await self._request(
            "POST", "/v1/payment-groups", language, content=body, headers=headers
        )
        return data

    async def deliver(self, outbox: Outbox) -> int:
        """Send what waits in the outbox, oldest first; stop at the first sign the portal is still away.

        Returns how many were delivered. A refused entry is marked rejected (kept for a clerk), not retried.
        """
        delivered = 0
        for entry in outbox.pending():
            outbox.record_attempt(entry.idempotency_key)
            try:
                submission = await self.submit_body(
                    entry.body,
                    idempotency_key=entry.idempotency_key,
                    language=entry.language,
                    citizen_token=entry.citizen_token,
                )
            except PortalUnavailable:
                break
            except PortalError as error:
                outbox.mark_rejected(entry.idempotency_key, str(error))
                continue
            outbox.mark_delivered(entry.idempotency_key, submission.reference)
            delivered += 1
        return delivered

    async def report_card_read(
        self, body: bytes, *, idempotency_key: str, citizen_token: str | None = None
    ) -> None:
        """Tell the portal's audit trail that this terminal read a card (POST /v1/audit/card-reads), once a key.

        The body (outbox.encode_card_read) says which kinds of data were read and when, nothing of the data.
        With the citizen's session the portal names the person; a session that ended before the report got
        there (it waited in the outbox) is refused, and the same report goes again for the device alone.
        """
        headers = {"Idempotency-Key": idempotency_key, "Content-Type": "application/json"}
        if citizen_token:
            try:
                await self._request(
                    "POST",
                    CARD_READS,
                    "en",
                    content=body,
                    headers={**headers, "X-Session-Token": citizen_token},
                )
                return
            except PortalUnavailable:
                raise
            except PortalError as error:
                if error.status != 401:
                    raise
        await self._request("POST", CARD_READS, "en", content=body, headers=headers)

    async def deliver_card_reads(self, outbox: Outbox) -> int:
        """Report the card reads kept in the outbox, oldest first, until the portal turns out to be away.

        Returns how many the portal recorded. The outbox is touched in a thread (each write waits for the
        disk), since this runs in the background of the person's screens.
        """
        recorded = 0
        for entry in await asyncio.to_thread(outbox.pending_card_reads):
            key = entry.idempotency_key
            await asyncio.to_thread(outbox.record_card_read_attempt, key)
            try:
                await self.report_card_read(entry.body, idempotency_key=key, citizen_token=entry.citizen_token)
            except PortalUnavailable:
                break
            except PortalError as error:
                await asyncio.to_thread(outbox.card_read_rejected, key, str(error))
                continue
            await asyncio.to_thread(outbox.card_read_recorded, key)
            recorded += 1
        return recorded

    async def call(self, method: str, path: str, language: str, **options: Any) -> Any:
        """Any route with this client's credential and retry rules (options as for _send); its JSON answer.

        The other clients of the contract (staff, queue) compose this one instead of keeping their own HTTP
        and retry logic.
        """
        return await self._request(method, path, language, **options)

    async def _request(self, method: str, path: str, language: str, **options: Any) -> Any:
        """One call (options as for _send), its JSON answer (None when empty)."""
        response = await self._send(method, path, language, **options)
        return response.json() if response.content else None

    async def _send(
        self,
        method: str,
        path: str,
        language: str,
        *,
        content: bytes | None = None,
        headers: Mapping[str, str] | None = None,
        retry: bool = True,
    ) -> httpx.Response:
        """One call with retries where repeating is safe; ``retry=False`` for one-shot calls (a login)."""
        all_headers = {"Accept-Language": language, **(headers or {})}
        policy = self.retry_policy
        last_error: Exception | None = None
        retries = 0
        while True:
            retry_after: float | None = None
            too_many: httpx.Response | None = None
            try:
                response = await self._http.request(method, path, content=content, headers=all_headers)
            except httpx.TransportError as error:
                last_error = error
            else:
                if response.is_success or response.status_code == 304:
                    return response
                retry_after = retry_after_seconds(response.headers.get("Retry-After"))
                if response.status_code == _TOO_MANY and retry_after is not None:
                    too_many = response  # the portal says when: wait and try again, if that is soon enough
                elif response.status_code not in _RETRY_STATUSES:
                    raise _problem_error(response, language)
                last_error = None
            pause = policy.pause(retries, retry_after) if retry else None
            if pause is None:
                if too_many is not None:
                    raise _problem_error(too_many, language)
                raise PortalUnavailable(_message("unavailable", language)) from last_error
            await policy.sleep(pause)
            retries += 1

    async def my_applications(self, citizen_token: str, language: str) -> list[Submission]:
        """The signed-in citizen's applications, newest first (GET /v1/applications).

        Each has the shape of a submission's answer: reference, status, payment and sealed documents (their
        access codes are given only at issue, so they are None here).
        """
        headers = {"X-Session-Token": citizen_token}
        data = await self._request("GET", "/v1/applications", language, headers=headers)
        return [Submission.from_json(item) for item in data or ()]

    async def confirm_application(
        self, reference: str, code: str, citizen_token: str, language: str
    ) -> Submission:
        """POST the code from the letter (change of address); a wrong one raises PortalError with its problem.

        Never retried: each try counts against the letter's code.
        """
        headers = {"X-Session-Token": citizen_token, "Content-Type": "application/json"}
        body = json.dumps({"code": code}).encode()
        path = f"/v1/applications/{quote(reference, safe='')}/confirm"
        response = await self._send("POST", path, language, content=body, headers=headers, retry=False)
        return Submission.from_json(response.json())

    async def firm_names(self, language: str) -> list[dict[str, str]]:
        """The pre-approved firm names still free (GET /v1/companies/firm-names): value and name."""
        data = await self._request("GET", "/v1/companies/firm-names", language)
        return [{"value": str(item["value"]), "name": str(item["name"])} for item in data or ()]

    async def life_events(self, language: str) -> list[Taxon]:
        """The life events to browse by ("Having a baby"...), from the ETag cache when the portal is away."""
        return await self._taxa("/v1/catalog/life-events", language)

    async def themes(self, language: str) -> list[Taxon]:
        return await self._taxa("/v1/catalog/themes", language)

    async def user_groups(self, language: str) -> list[Taxon]:
        return await self._taxa("/v1/catalog/user-groups", language)

    async def _taxa(self, path: str, language: str) -> list[Taxon]:
        return [Taxon.from_json(item) for item in await self._catalog(path, language)]


def unavailable_message(language: str) -> str:
    return _message("unavailable", language)


def _message(key: str, language: str, **values: object) -> str:
    texts = _MESSAGES[key]
    return texts.get(language, texts["pt"]).format(**values)


def _problem_error(response: httpx.Response, language: str) -> PortalError:
    try:
        problem = response.json()
    except ValueError:
        problem = {}
    if not isinstance(problem, dict):
        problem = {}
    detail = problem.get("detail") or problem.get("title") or response.reason_phrase
    return PortalError(_message("rejected", language, detail=detail), response.status_code, problem)
