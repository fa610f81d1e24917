"""A real certificate to check: issued by the embedded portal to a demo citizen signed in at the kiosk."""

from __future__ import annotations

import asyncio
from typing import Any

from textual.pilot import Pilot

from kiosk.services.models import IssuedDocumentInfo
from screens.app import KioskApp
from tests.helpers import wait_until


async def issue_residence_certificate(
    app: KioskApp, pilot: Pilot[Any], answers: dict[str, object], key: str, language: str = "en"
) -> IssuedDocumentInfo:
    """Maria's card read and signed in (PIN 1234), RESIDENCE-CERT submitted in ``language``: its document."""
    await wait_until(pilot, lambda: app.portal_status_key == "attract.portal_ready", "the portal")
    core = app.core
    core.start_reader(lambda event: None)
    assert core.reader is not None
    core.reader.insert("maria")
    session = await asyncio.to_thread(core.read_card)
    await core.login(session, bytearray(b"1234"))
    service = (await core.service("RESIDENCE-CERT", language)).summary
    confirmation = await core.submit(session, service, answers, key, language)
    document = confirmation.documents[0]
    assert document.seal
    return document
