"""`kiosk verify` (the counter's and the operator's check) refuses a malformed seal with its reason, in words.

The real `kiosk` command runs as a subprocess, offline, against a trust list saved where a terminal saves it;
the seals come from the independent encoder of test_strict_decoding, signed with the trusted key.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kiosk.config import Settings
from kiosk.verify import EXIT_GENUINE, EXIT_NOT_VALID, trust_list_cache
from tests.seal.test_strict_decoding import KID, TRUST, claims, forge


def verify(config: Path, seal: str, language: str = "en") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kiosk", "--config", str(config), "verify", "--offline", seal],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "KIOSK_KIOSK__LANGUAGE": language},
        check=False,
    )


@pytest.fixture
def counter(demo_config: Path, demo_settings: Settings) -> Path:
    """A terminal that once fetched the trust list naming the key the seals below are signed with."""
    cache = trust_list_cache(demo_settings)
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.write_text(json.dumps(TRUST), encoding="utf-8")
    return demo_config


def test_a_well_formed_seal_is_genuine(counter: Path) -> None:
    now = int(time.time())
    result = verify(counter, forge(payload=claims(c6=now - 60, c4=now + 86_400)))
    assert result.returncode == EXIT_GENUINE, result.stdout + result.stderr
    assert "GENUINE" in result.stdout


@pytest.mark.parametrize(
    ("changes", "english", "portuguese"),
    [
        ({"c6": 86_400}, "issued in the future", "emitido no futuro"),
        ({"c6": 0, "c4": -60}, "issued after it expires", "emitido depois de expirar"),
        ({"c6": 0, "c4": 10**13}, "out of range", "fora do intervalo"),
    ],
    ids=["iat a day ahead", "iat after exp", "exp past year 9999"],
)
def test_impossible_dates_are_refused_with_the_reason_in_both_languages(
    counter: Path, changes: dict[str, int], english: str, portuguese: str
) -> None:
    now = int(time.time())
    seal = forge(payload=claims(**{key: now + value for key, value in changes.items()}))
    for language, reason in (("en", english), ("pt", portuguese)):
        result = verify(counter, seal, language)
        assert result.returncode == EXIT_NOT_VALID, result.stderr
        assert reason in result.stdout
        assert "Traceback" not in result.stderr
        assert "Ana Rita Sousa" not in result.stdout  # nothing of a refused seal is shown as if it were true


def test_extra_bytes_after_the_message_are_refused_with_the_reason(counter: Path) -> None:
    now = int(time.time())
    result = verify(counter, forge(payload=claims(c6=now, c4=now + 60), after_cose=b"\x00"))
    assert result.returncode == EXIT_NOT_VALID
    assert "extra data after its signed message" in result.stdout


def test_a_critical_header_is_refused_with_the_reason(counter: Path) -> None:
    now = int(time.time())
    seal = forge(header={1: -7, 4: KID, 2: [99], 99: 1}, payload=claims(c6=now, c4=now + 60))
    result = verify(counter, seal)
    assert result.returncode == EXIT_NOT_VALID
    assert "critical" in result.stdout
