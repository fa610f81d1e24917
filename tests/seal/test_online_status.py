"""Asking the portal for a document's online status (QA H2): each demo terminal asks with its own credential,
and a portal that refuses the credential is told apart from a portal that cannot be reached.

The reference portal runs under uvicorn on loopback with its demo data (tests/conftest.py running_portal).
"""

from __future__ import annotations

import dataclasses
import socket

import pytest

from kiosk.config import Settings
from kiosk.config_schema import Mode
from kiosk.embedded import EmbeddedPortal, demo_token_file
from kiosk.i18n import text
from kiosk.verify import REFUSED, online_status, portal_endpoint

UNKNOWN_DOCUMENT = "0" * 32


def in_mode(settings: Settings, mode: Mode) -> Settings:
    return dataclasses.replace(settings, kiosk=dataclasses.replace(settings.kiosk, mode=mode))


def remote(settings: Settings, url: str, token: str) -> Settings:
    return dataclasses.replace(
        settings, portal=dataclasses.replace(settings.portal, url=url, device_token=token)
    )


def test_each_demo_terminal_keeps_its_own_credential(demo_settings: Settings) -> None:
    """A kiosk, a counter and a display demo from one checkout share a data folder, not a credential file."""
    modes: tuple[Mode, ...] = ("kiosk", "counter", "display")
    files = {mode: demo_token_file(in_mode(demo_settings, mode)) for mode in modes}
    assert len(set(files.values())) == 3
    for mode, path in files.items():
        assert EmbeddedPortal(in_mode(demo_settings, mode)).token_file == path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"token-of-the-{mode}\n", encoding="utf-8")
    for mode in files:
        assert portal_endpoint(in_mode(demo_settings, mode))[1] == f"token-of-the-{mode}"


def test_the_kiosk_asks_with_its_own_token_after_a_display_demo_started(
    demo_settings: Settings, running_portal: tuple[EmbeddedPortal, str]
) -> None:
    portal, _token = running_portal
    settings = remote(demo_settings, "embedded", "")
    demo_token_file(in_mode(settings, "display")).write_text("the-display's-token\n", encoding="utf-8")
    assert online_status(settings, UNKNOWN_DOCUMENT, portal_url=portal.url) == "unknown"  # asked, answered


def test_a_refused_credential_is_not_an_unreachable_portal(
    demo_settings: Settings, running_portal: tuple[EmbeddedPortal, str]
) -> None:
    portal, _token = running_portal
    assert online_status(remote(demo_settings, portal.url, "not-this-terminal's"), UNKNOWN_DOCUMENT) == REFUSED
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        away = f"http://127.0.0.1:{free.getsockname()[1]}"
    assert online_status(remote(demo_settings, away, "any"), UNKNOWN_DOCUMENT) is None


@pytest.mark.parametrize(
    ("language", "words"), [("pt", "recusou a credencial"), ("en", "refused this terminal")]
)
def test_the_refusal_has_its_own_plain_words(language: str, words: str) -> None:
    refused, away = text(language, "verify.online.refused"), text(language, "verify.online.unavailable")
    assert words in refused
    assert refused != away
    for key in ("j2.verify.code_refused", "j2.verify.not_checked"):
        assert text(language, key) != key
