"""Unlocking the desk ends the staff session from before the lock at the portal, rather than leaving it open
beside the new one (headless, against the reference portal under uvicorn; the card's unlock is checked the
same way in tests/counter/test_card_sign_in.py)."""

from __future__ import annotations

from kiosk.counter.service import CounterService
from portal.content.demo_people import DEMO_COUNTER_TOKEN
from tests.counter.test_desk import counter
from tests.portal.conftest import RunningPortal

CLERK = ("clerk", "demo-clerk-password")
__all__ = ["counter"]  # a fixture, used by name


def session_works(portal: RunningPortal, token: str) -> bool:
    """Whether the portal still takes this staff session (asked from the counter, over real HTTP)."""
    with portal.client(DEMO_COUNTER_TOKEN) as client:
        answer = client.get("/v1/staff/me", headers={"X-Session-Token": token})
    assert answer.status_code in (200, 401), answer.text
    return answer.status_code == 200


async def test_the_password_unlock_ends_the_session_from_before_the_lock(
    counter: CounterService, shared_portal: RunningPortal
) -> None:
    clerk = await counter.sign_in(*CLERK, "en")
    before = clerk.token
    assert session_works(shared_portal, before)

    assert not await counter.unlock("not-the-password", "en")
    assert counter.clerk is clerk
    assert session_works(shared_portal, before), "a wrong password changes nothing"

    assert await counter.unlock(CLERK[1], "en")
    assert counter.clerk is not None
    after = counter.clerk.token
    assert after != before
    assert session_works(shared_portal, after)
    assert not session_works(shared_portal, before), "the old session is ended, not left open"
    assert clerk.token == "", "nor kept in memory"
