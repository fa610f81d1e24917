"""Kill the portal (-9) during a stream of submissions and restart it: every submission lands exactly once.

While the portal is down the kiosk keeps serving: pending services go to the durable outbox with their
Idempotency-Keys, and the people leave with provisional references. When the portal returns, the outbox is
delivered; an entry the portal had already accepted (the kiosk never heard the answer) is answered with the
first reference, not applied twice.
"""

from __future__ import annotations

import asyncio
import sqlite3

from kiosk.client import ServiceSummary
from kiosk.config import Settings
from kiosk.core import KioskCore
from kiosk.session import CitizenSession

SUBMISSIONS = 16


def applications_in(database_url: str) -> list[tuple[str, str]]:
    path = database_url.removeprefix("sqlite:///").removeprefix("sqlite+aiosqlite:///")
    with sqlite3.connect(path) as db:
        return db.execute(
            "SELECT id, reference FROM applications WHERE service_code = 'REPORT-PROBLEM'"
            # The demo data's own waiting applications (portal/demo_applications.py) are not this test's.
            " AND reference NOT LIKE 'DEMO-%'"
        ).fetchall()


async def test_kill_and_restart_during_a_stream(demo_settings: Settings) -> None:
    core = KioskCore(demo_settings)
    await asyncio.to_thread(core.start_portal)
    portal = core._embedded
    assert portal is not None
    assert core.portal is not None
    try:
        [report] = [s for s in await core.portal.services("en") if s.code == "REPORT-PROBLEM"]
        done: list[str] = []

        async def stream(service: ServiceSummary) -> None:
            for number in range(SUBMISSIONS):
                person = CitizenSession(holder_name=f"Person {number}")
                answers: dict[str, object] = {
                    "category": "pothole",
                    "location": f"Rua Augusta {number + 1}, Lisboa",
                }
                key = f"{person.session_id}-{service.code}"
                confirmation = await core.submit(person, service, answers, key, person.language)
                done.append(confirmation.reference)

        async def until(count: int) -> None:
            while len(done) < count:
                await asyncio.sleep(0.01)

        streaming = asyncio.create_task(stream(report))
        await until(5)
        assert portal.process is not None
        portal.process.kill()  # no goodbye: like a power cut on the server
        portal.process.wait()
        await until(8)  # these find the portal gone and wait in the outbox
        assert core.outbox.counts()["pending"] >= 2
        portal.start(port=portal.port)
        await asyncio.to_thread(portal.wait_ready)
        await streaming

        first = core.outbox.pending()[0]
        delivered = await core.deliver_outbox()
        assert delivered >= 2
        assert core.outbox.counts()["pending"] == 0

        # Had the kiosk crashed after the portal accepted it, before hearing the answer, it would send it
        # again on restart: the portal answers with the first reference instead of applying it twice.
        replay = core.outbox.get(first.idempotency_key)
        assert replay is not None
        assert replay.reference is not None
        resent = await core.portal.submit_body(
            replay.body, idempotency_key=replay.idempotency_key, language="en"
        )
        assert resent.reference == replay.reference  # the same answer, not a second application

        landed = applications_in(demo_settings.portal_database)
        assert len(landed) == SUBMISSIONS
        assert len({reference for _, reference in landed}) == SUBMISSIONS
        provisional = [reference for reference in done if reference.startswith("P-")]
        assert len(provisional) == delivered  # each person who left with a provisional reference is in
    finally:
        core.stop()
