"""The desk headless (kiosk.counter) against the reference portal under uvicorn: sign-in, the queue keys, a
parked ticket called back by its typed number, calls for help, and revoking kept for supervisors."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from kiosk.config import Settings
from kiosk.core import KioskCore
from kiosk.counter.service import CounterService, NotAllowed, SignInRefused
from kiosk.i18n import text
from tests.counter.fixtures import ask_for_help, take_ticket

CLERK = ("clerk", "demo-clerk-password")
SUPERVISOR = ("supervisor", "demo-supervisor-password")


@pytest.fixture
async def counter(counter_settings: Settings) -> AsyncIterator[CounterService]:
    core = KioskCore(counter_settings)
    core.start_portal()
    try:
        yield core.counter
    finally:
        client = core.portal
        if client is not None:
            await client.aclose()


async def test_a_wrong_password_is_refused_in_plain_words(counter: CounterService) -> None:
    with pytest.raises(SignInRefused) as refused:
        await counter.sign_in("clerk", "not-the-password", "en")
    assert counter.clerk is None
    assert "not right" in text("en", refused.value.key)


async def test_a_ticket_from_the_kiosk_is_called_parked_called_back_and_done(
    counter: CounterService, counter_settings: Settings
) -> None:
    clerk = await counter.sign_in(*CLERK, "en")
    assert clerk.name
    assert not clerk.supervises
    desk = counter.desk("en")
    ticket = take_ticket(counter_settings.portal.url, "A")

    state = await desk.refresh()
    general = next(category for category in state.waiting if category.code == "A")
    assert general.waiting >= 1

    state = await desk.call_next()
    assert state.serving is not None
    assert state.serving.number == ticket["number"]
    assert state.outcome == "counter.queue.called"

    state = await desk.call_next()  # one person at a time: the desk says to finish first
    assert state.outcome == "counter.queue.finish_first"
    assert state.serving is not None
    assert state.serving.number == ticket["number"]

    state = await desk.park()
    assert state.serving is None
    assert [parked.number for parked in state.parked] == [ticket["number"]]

    state = await desk.call_parked("Z12")  # a letter this desk does not serve
    assert state.outcome == "counter.typed.ticket_category"
    state = await desk.call_parked("A-")  # not a ticket number at all
    assert state.outcome == "counter.typed.ticket_shape"
    state = await desk.call_parked("A999")  # well formed, but no such parked ticket
    assert state.outcome == "counter.queue.not_parked_here"

    typed = ticket["number"][0].lower() + str(int(ticket["number"][1:]))  # "a1" for A001
    state = await desk.call_parked(typed)
    assert state.serving is not None
    assert state.serving.number == ticket["number"]
    assert state.parked == ()

    state = await desk.done("RESIDENCE-CERT")
    assert state.serving is None
    assert state.outcome == "counter.queue.done"

    state = await desk.call_next()
    assert state.serving is None
    assert state.outcome == "counter.queue.nobody_waiting"


async def test_keys_with_nobody_at_the_desk_say_so(counter: CounterService) -> None:
    await counter.sign_in(*CLERK, "en")
    desk = counter.desk("en")
    for action in (desk.recall, desk.no_show, desk.park, desk.done):
        state = await action()
        assert state.outcome == "counter.queue.nobody_served"


async def test_no_show_and_transfer_free_the_desk(counter: CounterService, counter_settings: Settings) -> None:
    await counter.sign_in(*CLERK, "en")
    desk = counter.desk("en")
    first = take_ticket(counter_settings.portal.url, "B")
    second = take_ticket(counter_settings.portal.url, "C")

    state = await desk.call_next()
    assert state.serving is not None
    assert state.serving.number == first["number"]
    state = await desk.no_show()
    assert state.serving is None
    assert state.outcome == "counter.queue.no_show_done"

    state = await desk.call_next()
    assert state.serving is not None
    assert state.serving.number == second["number"]
    # To another desk (a transfer to another category is left out here: on the portal, moving a ticket into a
    # category that already issued its sequence number fails; reported to the queue's owner).
    state = await desk.transfer(desk="4")
    assert state.serving is None
    assert state.outcome == "counter.queue.transferred_desk"
    assert state.outcome_values == {"number": second["number"], "desk": "4"}
    certificates = next(category for category in state.waiting if category.code == "C")
    assert certificates.waiting == 1  # the person waits again, now for desk 4
    state = await desk.call_next()  # this desk does not get a ticket sent to another desk
    assert state.serving is None
    assert state.outcome == "counter.queue.nobody_waiting"


async def test_a_call_for_help_is_seen_acknowledged_and_closed(
    counter: CounterService, counter_settings: Settings
) -> None:
    await counter.sign_in(*CLERK, "en")
    desk = counter.desk("en")
    request = ask_for_help(counter_settings.portal.url, "home")
    state = await desk.refresh()
    assert [(seen.id, seen.screen, seen.status) for seen in state.help_requests] == [
        (request["id"], "home", "open")
    ]
    state = await desk.acknowledge_help(request["id"])
    assert state.help_requests[0].status == "acknowledged"
    state = await desk.close_help(request["id"])
    assert state.help_requests == ()


async def test_only_a_supervisor_may_revoke(counter: CounterService) -> None:
    await counter.sign_in(*CLERK, "en")
    with pytest.raises(NotAllowed):
        await counter.revoke("no-such-document", "wrong holder", "en")
    await counter.sign_out("en")
    supervisor = await counter.sign_in(*SUPERVISOR, "en")
    assert supervisor.supervises


async def test_unlock_takes_only_the_same_clerks_password(counter: CounterService) -> None:
    await counter.sign_in(*CLERK, "en")
    assert not await counter.unlock("demo-supervisor-password", "en")
    assert await counter.unlock("demo-clerk-password", "en")
    assert counter.clerk is not None
    assert counter.clerk.username == "clerk"


async def test_a_ticket_called_before_a_restart_is_served_again(counter_settings: Settings) -> None:
    first_run = KioskCore(counter_settings)
    first_run.start_portal()
    ticket = take_ticket(counter_settings.portal.url, "B")
    try:
        await first_run.counter.sign_in(*CLERK, "en")
        state = await first_run.counter.desk("en").call_next()
        assert state.serving is not None
        assert state.serving.number == ticket["number"]
    finally:
        if first_run.portal is not None:
            await first_run.portal.aclose()  # the terminal goes away with the person still at the desk

    again = KioskCore(counter_settings)
    again.start_portal()
    try:
        await again.counter.sign_in(*CLERK, "en")
        desk = again.counter.desk("en")
        state = await desk.call_next()  # the portal says the desk still serves it: it comes back, never lost
        assert state.serving is not None
        assert state.serving.number == ticket["number"]
        assert state.outcome == "counter.queue.recovered"
        state = await desk.done()
        assert state.outcome == "counter.queue.done"

        take_ticket(counter_settings.portal.url, "B")
        await desk.call_next()
        restarted = KioskCore(counter_settings)
        restarted.start_portal()
        await restarted.counter.sign_in(*CLERK, "en")
        state = await restarted.counter.desk("en").recover()  # at sign-in, before any key
        assert state.serving is not None
        assert state.outcome == "counter.queue.recovered"
        if restarted.portal is not None:
            await restarted.portal.aclose()
    finally:
        if again.portal is not None:
            await again.portal.aclose()


async def test_a_kiosk_credential_cannot_sign_a_clerk_in(counter_settings: Settings) -> None:
    from dataclasses import replace

    from portal.content.demo_people import DEMO_KIOSK_TOKEN

    as_kiosk = replace(counter_settings, portal=replace(counter_settings.portal, device_token=DEMO_KIOSK_TOKEN))
    core = KioskCore(as_kiosk)
    core.start_portal()
    try:
        with pytest.raises(SignInRefused) as refused:
            await core.counter.sign_in(*CLERK, "en")
        assert refused.value.key == "counter.login.not_a_counter"
        assert "not a counter's" in text("en", refused.value.key)
        assert core.counter.clerk is None
    finally:
        if core.portal is not None:
            await core.portal.aclose()
