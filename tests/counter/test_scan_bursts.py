"""On the counter's verify screen a fast burst is a scan only when it is one (QA H6): a seal (CS1:..., even
through a mixed-up keyboard layout) or an access code. Anything else typed fast (a password manager, key repeat)
stays in the box as typed and is checked only when the clerk presses Enter."""

from __future__ import annotations

import pytest

from kiosk.counter.scanner import ScanBurst


def fast(burst: ScanBurst, text: str, start: float = 10.0) -> None:
    for index, character in enumerate(text):
        burst.key(character, start + index * 0.004)


@pytest.mark.parametrize("text", ["CS1:6BFOXN*TS0DOQ", "CS1Ç6BFOXN(TS0DOQ", "ABCD-EFGH-JKMN", "abcdefghjkmn"])
def test_a_seal_or_an_access_code_typed_in_a_burst_is_a_scan(text: str) -> None:
    burst = ScanBurst()
    fast(burst, text)
    assert burst.scanned
    assert burst.paused(20.0) == text


@pytest.mark.parametrize("text", ["correct horse battery", "a" * 21, "Rua Nova 5, Lisboa"])
def test_other_text_in_a_burst_is_not_a_scan(text: str) -> None:
    burst = ScanBurst()
    fast(burst, text)
    assert not burst.scanned
    assert burst.paused(20.0) is None  # no check on its own: the clerk's Enter decides
    fast(burst, text, start=30.0)
    assert burst.enter() is None


@pytest.mark.parametrize("text", ["a" * 16, "A" * 12, "ABCD-EFGH", "ABCD-EFGH-JK0N", "ABCDEFGHJKMNPQRS"])
def test_a_fast_run_that_cannot_be_an_access_code_is_not_a_scan(text: str) -> None:
    """Key repeat is as fast as a scanner; no scanner reads a code the portal cannot have made."""
    burst = ScanBurst()
    fast(burst, text)
    assert not burst.scanned
    assert burst.paused(20.0) is None
