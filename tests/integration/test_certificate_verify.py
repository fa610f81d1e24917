"""Across every layer, for real: the emulated card signs the portal's challenge, the portal (under uvicorn)
issues a sealed certificate, and `kiosk verify` checks that seal online, tampered, and offline."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.card.errors import WrongPin
from kiosk.config import Settings
from kiosk.core import KioskCore


def verify(config: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kiosk", "--config", str(config), "verify", *args],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "KIOSK_KIOSK__LANGUAGE": "en"},
    )


async def test_card_login_certificate_and_verify(demo_settings: Settings, tmp_path: Path) -> None:
    core = KioskCore(demo_settings)
    core.start_reader(lambda event: None)
    assert core.reader is not None
    core.reader.insert("maria")
    try:
        await asyncio.to_thread(core.start_portal)
        assert core.portal is not None
        session = await asyncio.to_thread(core.read_card)
        assert session.holder_name == "Maria João Gonçalves Conceição"

        wrong = bytearray(b"9999")
        with pytest.raises(WrongPin) as refused:
            await core.login(session, wrong)
        assert refused.value.tries_left == 2
        assert wrong == bytearray(4)  # the PIN buffer is zeroed, whatever the outcome
        assert session.portal_token is None

        pin = bytearray(b"1234")
        await core.login(session, pin)
        assert pin == bytearray(4)
        assert session.portal_token

        submission = await core.portal.submit(
            "HEALTH-NUMBER",
            {},
            idempotency_key="integration-health-number-1",
            language="en",
            citizen_token=session.portal_token,
        )
        [document] = submission.documents
        assert document.seal is not None
        assert document.seal.startswith("CS1:")
        assert "Gonçalves" in document.holder

        embedded = core._embedded
        assert embedded is not None
        config = tmp_path / "verify.toml"
        config.write_text(
            f'[kiosk]\ndata_dir = "{tmp_path / "counter"}"\n'
            f'[portal]\nurl = "{embedded.url}"\ndevice_token = "{embedded.wait_ready()}"\n'
            f'[printers]\nreceipt = "spool:{tmp_path / "spool"}"\ndocuments = "spool:{tmp_path / "spool"}"\n'
        )

        genuine = verify(config, document.seal)
        assert genuine.returncode == 0, genuine.stdout + genuine.stderr
        assert "GENUINE" in genuine.stdout
        assert "Online status: valid." in genuine.stdout
        assert document.holder in genuine.stdout

        middle = len(document.seal) // 2
        swapped = "A" if document.seal[middle] != "A" else "B"
        tampered = verify(config, document.seal[:middle] + swapped + document.seal[middle + 1 :])
        assert tampered.returncode == 1
        assert "GENUINE" not in tampered.stdout

        core.stop()  # the portal goes away: the counter still verifies from its saved trust list
        offline = verify(config, document.seal)
        assert offline.returncode == 0, offline.stdout + offline.stderr
        assert "saved on this terminal" in offline.stdout
        assert "GENUINE" in offline.stdout
        assert "could not be checked" in offline.stdout
    finally:
        core.stop()
