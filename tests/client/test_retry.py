"""The portal client's retries: pauses spread at random across a fleet, and the portal's Retry-After obeyed.

Where the timing logic itself is the subject (which pause, after which answer), the portal is an
httpx.MockTransport and the client's sleep records the pauses instead of waiting: real waits would make these
tests slow and prove nothing more. One test runs a real uvicorn server on loopback and measures, on the server,
that the retry came no sooner than its Retry-After asked.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import random
import socket
import statistics
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from email.utils import format_datetime
from typing import Any

import httpx
import pytest

from kiosk.client.portal import PortalClient, PortalError, PortalUnavailable, RetryPolicy, retry_after_seconds

CEILINGS = RetryPolicy().ceilings


class Recorder:
    """Stands in for asyncio.sleep: keeps the pauses asked for, waits for none of them."""

    def __init__(self) -> None:
        self.pauses: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.pauses.append(seconds)


def scripted(
    *answers: httpx.Response | type[httpx.TransportError],
) -> tuple[httpx.MockTransport, list[httpx.Request]]:
    """A portal that gives these answers in turn (an exception class: the connection fails), then 200."""
    seen: list[httpx.Request] = []

    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        answer = answers[len(seen) - 1] if len(seen) <= len(answers) else httpx.Response(200, json=[])
        if isinstance(answer, type):
            raise answer("the portal is away", request=request)
        return answer

    return httpx.MockTransport(handle), seen


def client(transport: httpx.MockTransport, policy: RetryPolicy) -> PortalClient:
    return PortalClient("http://portal.test", "device-token", transport=transport, retry_policy=policy)


def unavailable(**headers: str) -> httpx.Response:
    return httpx.Response(503, json={"title": "unavailable"}, headers=headers)


def test_pauses_of_a_fleet_are_spread_not_in_step() -> None:
    """Two hundred kiosks lose the portal at the same moment: their first retries are spread over the window."""
    fleet = [RetryPolicy(uniform=random.Random(kiosk).random) for kiosk in range(200)]
    for retry, ceiling in enumerate(CEILINGS):
        pauses = [policy.pause(retry) for policy in fleet]
        assert all(pause is not None and 0 <= pause <= ceiling for pause in pauses)
        spread = [pause for pause in pauses if pause is not None]
        # The old fixed schedule put all 200 in one instant; now no 10 ms slot holds more than a few of them.
        slots = Counter(int(pause / 0.010) for pause in spread)
        assert max(slots.values()) <= 20, slots.most_common(3)
        quarters = [
            sum(1 for pause in spread if k * ceiling / 4 <= pause < (k + 1) * ceiling / 4) for k in range(4)
        ]
        assert min(quarters) >= 30, quarters  # every quarter of the window gets its share (50 expected)
        # On average as long as the old fixed schedule (0.2, 0.5, 1.0 s), so the portal sees no more load.
        assert statistics.mean(spread) == pytest.approx(ceiling / 2, rel=0.2)
    assert all(policy.pause(len(CEILINGS)) is None for policy in fleet)


async def test_a_call_retries_with_random_pauses_until_the_portal_answers() -> None:
    transport, seen = scripted(httpx.ConnectError, unavailable(), httpx.Response(502))
    sleep = Recorder()
    portal = client(transport, RetryPolicy(uniform=random.Random(7).random, sleep=sleep))
    try:
        assert await portal.services("pt") == []
    finally:
        await portal.aclose()
    assert len(seen) == 4
    assert len(sleep.pauses) == 3
    assert all(0 <= pause <= ceiling for pause, ceiling in zip(sleep.pauses, CEILINGS, strict=True))
    other = Recorder()
    transport, _ = scripted(httpx.ConnectError, unavailable(), httpx.Response(502))
    second = client(transport, RetryPolicy(uniform=random.Random(8).random, sleep=other))
    try:
        await second.services("pt")
    finally:
        await second.aclose()
    assert other.pauses != sleep.pauses  # two kiosks, two schedules


async def test_after_the_last_retry_the_portal_is_unavailable() -> None:
    transport, seen = scripted(*[unavailable()] * 10)
    sleep = Recorder()
    portal = client(transport, RetryPolicy(sleep=sleep))
    try:
        with pytest.raises(PortalUnavailable):
            await portal.services("en")
    finally:
        await portal.aclose()
    assert len(seen) == 1 + len(CEILINGS)
    assert len(sleep.pauses) == len(CEILINGS)


@pytest.mark.parametrize("kind", ["seconds", "http-date"])
async def test_retry_after_is_waited_for_at_least(kind: str) -> None:
    if kind == "seconds":
        header, asked = "3", 3.0
    else:
        when = dt.datetime.now(dt.UTC).replace(microsecond=0) + dt.timedelta(seconds=4)
        header, asked = format_datetime(when, usegmt=True), 3.0  # whole seconds: at least 3 of the 4 remain
    transport, seen = scripted(unavailable(**{"Retry-After": header}))
    sleep = Recorder()
    portal = client(transport, RetryPolicy(uniform=random.Random(1).random, sleep=sleep))
    try:
        await portal.services("en")
    finally:
        await portal.aclose()
    assert len(seen) == 2
    [pause] = sleep.pauses
    assert asked <= pause <= 4.0 + CEILINGS[0]


async def test_a_retry_after_longer_than_the_cap_ends_the_retries_at_once() -> None:
    transport, seen = scripted(unavailable(**{"Retry-After": "120"}))
    sleep = Recorder()
    portal = client(transport, RetryPolicy(sleep=sleep, retry_after_cap=5.0))
    try:
        with pytest.raises(PortalUnavailable):
            await portal.services("en")
    finally:
        await portal.aclose()
    assert len(seen) == 1  # never sooner than the portal asked
    assert sleep.pauses == []


async def test_too_many_requests_is_retried_only_when_the_portal_says_when() -> None:
    limited = {"title": "Too many attempts"}
    transport, seen = scripted(httpx.Response(429, json=limited, headers={"Retry-After": "1"}))
    sleep = Recorder()
    portal = client(transport, RetryPolicy(sleep=sleep))
    try:
        await portal.services("en")
        assert len(seen) == 2
        assert sleep.pauses[0] >= 1.0

        for headers in ({"Retry-After": "60"}, {}):
            transport, seen = scripted(httpx.Response(429, json=limited, headers=headers))
            portal = client(transport, RetryPolicy(sleep=sleep))
            with pytest.raises(PortalError) as refused:
                await portal.services("en")
            assert refused.value.status == 429
            assert not isinstance(refused.value, PortalUnavailable)
            assert "Too many attempts" in str(refused.value)
            assert len(seen) == 1
    finally:
        await portal.aclose()


async def test_a_login_is_never_retried() -> None:
    transport, seen = scripted(unavailable(**{"Retry-After": "1"}))
    portal = client(transport, RetryPolicy(sleep=Recorder()))
    try:
        with pytest.raises(PortalUnavailable):
            await portal.citizen_session("challenge", b"sig", "ES256", [b"cert"], "en")
    finally:
        await portal.aclose()
    assert len(seen) == 1


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("0", 0.0),
        (" 7 ", 7.0),
        ("Wed, 21 Oct 2015 07:28:00 GMT", 0.0),  # in the past: now
        ("Thu, 01 Jan 2099 00:00:10 GMT", 10.0),
        ("-1", None),
        ("1.5", None),
        ("soon", None),
        ("٣", None),  # a digit, but not an ASCII one
        (None, None),
    ],
)
def test_retry_after_values(header: str | None, expected: float | None) -> None:
    now = dt.datetime(2099, 1, 1, tzinfo=dt.UTC)
    assert retry_after_seconds(header, now) == expected


# --- a real server --------------------------------------------------------------------------------------


class Arrivals:
    """A small ASGI app: the first request gets 503 with Retry-After, the next ones 200; arrival times kept."""

    def __init__(self, retry_after: str) -> None:
        self.retry_after = retry_after
        self.times: list[float] = []

    async def __call__(
        self, scope: dict[str, Any], receive: Callable[..., Any], send: Callable[..., Any]
    ) -> None:
        if scope["type"] != "http":
            return
        self.times.append(time.monotonic())
        first = len(self.times) == 1
        headers = [(b"content-type", b"application/json")]
        if first:
            headers.append((b"retry-after", self.retry_after.encode()))
        await send({"type": "http.response.start", "status": 503 if first else 200, "headers": headers})
        await send({"type": "http.response.body", "body": b"{}" if first else b"[]"})


@pytest.fixture
def arrivals() -> Iterator[tuple[Arrivals, str]]:
    import uvicorn

    app = Arrivals("1")
    sock = socket.create_server(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.01)
    yield app, f"http://127.0.0.1:{sock.getsockname()[1]}"
    server.should_exit = True
    thread.join(10)
    sock.close()


async def test_a_real_server_sees_the_retry_no_sooner_than_its_retry_after(
    arrivals: tuple[Arrivals, str],
) -> None:
    app, url = arrivals
    portal = PortalClient(url, "device-token")
    try:
        assert await portal.services("en") == []
    finally:
        await portal.aclose()
    first, second = app.times
    assert second - first >= 1.0


def test_the_policy_sleeps_with_asyncio_by_default() -> None:
    assert RetryPolicy().sleep is asyncio.sleep
