"""The receipt's status link: [portal] public_url is checked like the other keys, the receipt prints
<public_url>/v1/status/<reference> (text and QR), and a phone that opens it on the running portal sees the
status without any login."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path

import httpx
import pytest

from kiosk.client import ServiceSummary
from kiosk.config import ConfigError, Settings, load_settings
from kiosk.core import KioskCore
from kiosk.embedded import EmbeddedPortal
from tests.conftest import pdf_text, read_qr_codes

PHONE_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


@pytest.mark.parametrize(
    "value",
    ["portal.example.gov", "ftp://portal.example.gov/", "https://", "https://portal.example.gov/?x=1"],
)
def test_bad_public_url_names_file_key_value_and_fix(tmp_path: Path, value: str) -> None:
    path = tmp_path / "kiosk.toml"
    path.write_text(f'[portal]\npublic_url = "{value}"\n', encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_settings(path, env={})
    message = str(caught.value)
    assert str(path) in message
    assert "[portal] public_url" in message
    assert value in message
    assert "is not an address a phone can open" in message
    assert "fix:" in message


def test_public_url_defaults_to_empty_and_reads_from_the_file(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.toml"
    path.write_text("", encoding="utf-8")
    assert load_settings(path, env={}).portal.public_url == ""
    path.write_text('[portal]\npublic_url = "https://estado.example.gov/"\n', encoding="utf-8")
    assert load_settings(path, env={}).portal.public_url == "https://estado.example.gov/"


def remote(settings: Settings, portal: EmbeddedPortal, token: str, public_url: str = "") -> Settings:
    """The kiosk talking to an already running portal, as a real kiosk talks to a remote one."""
    section = replace(settings.portal, url=portal.url, device_token=token, public_url=public_url)
    return replace(settings, portal=section)


@pytest.fixture
async def core_on_running_portal(
    demo_settings: Settings, running_portal: tuple[EmbeddedPortal, str]
) -> AsyncIterator[tuple[KioskCore, EmbeddedPortal]]:
    portal, token = running_portal
    kiosk = KioskCore(remote(demo_settings, portal, token))
    await asyncio.to_thread(kiosk.start_portal)
    try:
        yield kiosk, portal
    finally:
        kiosk.stop()


async def summary(core: KioskCore, code: str) -> ServiceSummary:
    return (await core.service(code, "en")).summary


async def test_receipt_link_opens_the_status_on_the_running_portal(
    core_on_running_portal: tuple[KioskCore, EmbeddedPortal], spool_dir: Path
) -> None:
    core, portal = core_on_running_portal
    problem = await summary(core, "REPORT-PROBLEM")
    answers = {"category": "pothole", "location": "Rua Augusta 10"}
    confirmation = await core.submit(None, problem, answers, "status-link-1", "en")

    expected = f"{portal.url.rstrip('/')}/v1/status/{confirmation.reference}"
    assert confirmation.status_url == expected
    receipt = spool_dir / f"{confirmation.reference}-receipt.pdf"
    printed = pdf_text(receipt).replace("\n", "").replace(" ", "")
    assert expected.replace("http://", "") in printed
    assert read_qr_codes(receipt) == [expected]

    # What a phone does with the QR: no token, its own language, and HTML first.
    async with httpx.AsyncClient() as phone:
        data = await phone.get(expected, headers={"Accept-Language": "en"})
        page = await phone.get(expected, headers={"Accept-Language": "pt", "Accept": PHONE_ACCEPT})
    assert data.status_code == 200, data.text
    assert data.json()["reference"] == confirmation.reference
    assert data.json()["status"] == confirmation.status
    assert data.json()["service"] == problem.name
    assert "Rua Augusta" not in data.text
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert "Estado: " in page.text


async def test_receipt_link_uses_the_public_address(
    demo_settings: Settings, running_portal: tuple[EmbeddedPortal, str], spool_dir: Path
) -> None:
    portal, token = running_portal
    settings = remote(demo_settings, portal, token, public_url="https://estado.example.gov/quiosque/")
    core = KioskCore(settings)
    await asyncio.to_thread(core.start_portal)
    try:
        info = await summary(core, "INFO-SHEET")
        confirmation = await core.submit(None, info, {}, "status-link-2", "en")
    finally:
        core.stop()
    expected = f"https://estado.example.gov/quiosque/v1/status/{confirmation.reference}"
    assert confirmation.status_url == expected
    receipt = spool_dir / f"{confirmation.reference}-receipt.pdf"
    assert expected.replace("https://", "") in pdf_text(receipt).replace("\n", "").replace(" ", "")
    assert read_qr_codes(receipt) == [expected]
