"""StaffClient against the real portal under uvicorn: a clerk's day at a counter, from sign-in to revoking."""

from __future__ import annotations

import asyncio
import datetime as dt
import secrets

import pytest

from kiosk.client.portal import PortalClient, PortalError
from kiosk.client.staff import StaffClient
from kiosk.embedded import EmbeddedPortal
from portal.content.demo_people import DEMO_COUNTER_TOKEN, DEMO_STAFF

PASSWORDS = {role: password for _, _, role, password in DEMO_STAFF}


async def kiosk_submits(
    kiosk: PortalClient, service: str, answers: dict[str, object]
) -> tuple[str, str | None]:
    """An application from the kiosk with nobody signed in: its reference and its payment's id, if a fee."""
    submission = await kiosk.submit(
        service, answers, idempotency_key=f"test-{secrets.token_hex(8)}", language="en"
    )
    payment = submission.payment or {}
    return submission.reference, payment.get("id")


def test_a_clerks_day_through_the_staff_client(running_portal: tuple[EmbeddedPortal, str]) -> None:
    portal, kiosk_token = running_portal

    async def scenario() -> None:
        counter = PortalClient(portal.url, DEMO_COUNTER_TOKEN)
        kiosk = PortalClient(portal.url, kiosk_token)
        staff = StaffClient(counter)
        try:
            with pytest.raises(PortalError) as refused:
                await staff.login("clerk", "not-the-password", "en")
            assert refused.value.status == 401
            clerk = await staff.login("clerk", PASSWORDS["clerk"], "en")
            assert (clerk.name, clerk.roles, clerk.supervisor) == ("Ana Balcão", ("clerk",), False)
            assert clerk.token not in repr(clerk)

            # The applications desk: find it, reject it with a reason.
            reference, _ = await kiosk_submits(
                kiosk, "REPORT-PROBLEM", {"category": "pothole", "location": "Rua do Ouro 5"}
            )
            page = await staff.pending_applications(
                clerk.token, service="REPORT-PROBLEM", limit=100, language="en"
            )
            assert reference in [item.reference for item in page.items]
            assert page.total >= 1
            rejected = await staff.set_status(clerk.token, reference, "rejected", "Already repaired", "en")
            assert rejected.status == "rejected"
            assert rejected.history[-1].note == "Already repaired"
            assert (await staff.application(clerk.token, reference, "en")).status == "rejected"

            # Cash: too little is refused in plain words, enough gives the change and the certificate.
            _, payment_id = await kiosk_submits(kiosk, "COMPANY-CERT", {"nipc": "509999999", "years": "1"})
            assert payment_id is not None
            with pytest.raises(PortalError) as short:
                await staff.settle_cash(clerk.token, payment_id, 2000, "en")
            assert short.value.status == 422
            assert str(short.value) == "The cash handed over (€20.00) is less than the amount due (€25.00)."
            drawer_before = await staff.drawer(clerk.token)
            settled = await staff.settle_cash(clerk.token, payment_id, 5000, "en")
            assert (settled.amount_cents, settled.change_cents) == (2500, 2500)
            assert settled.clerk == "Ana Balcão"
            assert settled.application.status == "completed"
            assert settled.application.documents[0].access_code
            drawer = await staff.drawer(clerk.token)
            assert [row.staff_id for row in drawer.clerks] == [clerk.staff_id]
            assert drawer.cash_cents == drawer_before.cash_cents + 2500

            # A citizen's history, for a stated purpose.
            history = await staff.citizen_history(clerk.token, "12345678 9 ZZ1", "identity_check", "en")
            assert (history.given_names, history.surname) == ("Maria João", "Gonçalves Conceição")
            with pytest.raises(PortalError) as unknown:
                await staff.citizen_history(clerk.token, "not a number", "identity_check", "en")
            assert "citizen card number" in str(unknown.value)

            stats = await staff.day_stats(clerk.token, dt.datetime.now(dt.UTC).date(), "en")
            assert stats.branch == "demo"
            assert [category.category for category in stats.categories][:3] == ["A", "B", "C"]
            cash = next(fee for fee in stats.fees if fee.method == "cash")
            assert cash.amount_cents >= 2500

            # Revoking is a supervisor's.
            document_id = settled.application.documents[0].id
            with pytest.raises(PortalError) as not_allowed:
                await staff.revoke(clerk.token, document_id, "issued in error", "en")
            assert not_allowed.value.status == 403
            supervisor = await staff.login("supervisor", PASSWORDS["supervisor"], "en")
            assert supervisor.supervisor
            assert await staff.revoke(supervisor.token, document_id, "issued in error", "en") == "revoked"

            await staff.logout(clerk.token)
            with pytest.raises(PortalError) as signed_out:
                await staff.me(clerk.token)
            assert signed_out.value.status == 401
        finally:
            await counter.aclose()
            await kiosk.aclose()

    asyncio.run(scenario())
