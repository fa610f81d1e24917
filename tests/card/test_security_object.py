"""The security object digest behind the identity cache, and the raw-APDU fast path's chaining.

A small in-memory "file card" answers READ BINARY from a byte string (a unit-level double:
the emulator's SOD is always short, real CMS SODs are 2-3 KB).
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.card.apdu import CardChannel, Command
from kiosk.card.errors import CorruptField
from kiosk.card.profiles.der import security_object_digest
from tests.card.test_apdu import ScriptedTransport


class FileCard:
    """Serves one selected file to READ BINARY with offsets and short last reads."""

    def __init__(self, content: bytes) -> None:
        self.content = content
        self.reads: list[tuple[int, int]] = []

    @property
    def atr(self) -> bytes:
        return b"\x3b\x00"

    @property
    def protocol(self) -> str:
        return "T=1"

    def transmit(self, apdu: bytes | bytearray) -> tuple[bytes, int]:
        assert apdu[1] == 0xB0, "only READ BINARY is expected"
        offset = (apdu[2] << 8) | apdu[3]
        wanted = apdu[4] or 256
        self.reads.append((offset, wanted))
        if offset >= len(self.content):
            return b"", 0x6B00
        return self.content[offset : offset + wanted], 0x9000

    def close(self) -> None:
        """Nothing to release."""


def cms_like(length: int, signature: bytes = b"\x5a" * 256, tag: int = 0x30) -> bytes:
    """A DER object of ``length`` content bytes ending with ``signature``, then zero padding."""
    body = bytes(index % 251 for index in range(length - len(signature))) + signature
    return bytes((tag, 0x82)) + length.to_bytes(2, "big") + body + bytes(300)


def digest_of(content: bytes) -> tuple[bytes, FileCard]:
    card = FileCard(content)
    return security_object_digest(CardChannel(card), "sod"), card


def test_a_long_sod_costs_two_short_reads_head_and_tail() -> None:
    digest, card = digest_of(cms_like(2400))
    total = 4 + 2400
    assert card.reads == [(0, 256), (total - 256, 256)]
    assert len(digest) == 32


def test_a_short_sod_costs_one_read() -> None:
    _, card = digest_of(b"\x30\x81\x88" + bytes(range(136)))
    assert card.reads == [(0, 256)]


def test_the_icao_wrapper_tag_77_is_accepted() -> None:
    digest, _ = digest_of(cms_like(1800, tag=0x77))
    assert digest != digest_of(cms_like(1800))[0]


def test_a_new_signature_or_length_changes_the_digest_but_padding_does_not() -> None:
    original, _ = digest_of(cms_like(2400))
    assert digest_of(cms_like(2400, signature=b"\x5b" * 256))[0] != original
    assert digest_of(cms_like(2401))[0] != original
    assert digest_of(cms_like(2400)[: 4 + 2400] + b"\xff" * 50)[0] == original


@pytest.mark.parametrize(
    "content",
    [b"", b"\x04\x02ab", b"\x30\x85\x00\x00\x00\x00\x10", cms_like(2400)[:1000]],
    ids=["empty", "not-a-sequence", "bad-length", "truncated"],
)
def test_a_broken_security_object_names_the_field(content: bytes) -> None:
    with pytest.raises(CorruptField) as error:
        digest_of(content)
    assert error.value.field == "sod"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=1200))
def test_random_files_digest_or_name_the_field(content: bytes) -> None:
    failure: CorruptField | None = None
    try:
        digest, _ = digest_of(content)
    except CorruptField as error:
        failure = error
    if failure is None:
        assert len(digest) == 32
    else:
        assert failure.field == "sod"


@pytest.mark.parametrize(
    ("send", "first", "again"),
    [
        (lambda channel: channel.read_binary(10), "00B000000A", "00B000001C"),
        (lambda channel: channel.select_path(b"\x5f\x00"), "00A4080C025F00", "00A4080C025F001C"),
        (
            lambda channel: channel.exchange(Command(0x00, 0xCA, 0x9F, 0x7F, b"\x01", le=0x2D)),
            "00CA9F7F01012D",
            "00CA9F7F01011C",
        ),
    ],
    ids=["case-2", "case-3", "case-4"],
)
def test_6cxx_reissues_raw_apdus_with_the_asked_le(send: object, first: str, again: str) -> None:
    transport = ScriptedTransport([(b"", 0x6C1C), (bytes(28), 0x9000)])
    send(CardChannel(transport))  # type: ignore[operator]
    assert [apdu.hex().upper() for apdu in transport.sent] == [first, again]


def test_6cxx_on_t0_keeps_case_3_without_le() -> None:
    transport = ScriptedTransport([(b"", 0x6C1C), (b"", 0x9000)], protocol="T=0")
    CardChannel(transport).select_path(b"\x5f\x00")
    assert [apdu.hex().upper() for apdu in transport.sent] == ["00A4080C025F00", "00A4080C025F00"]


def test_61xx_after_a_raw_read_is_completed_with_get_response() -> None:
    transport = ScriptedTransport([(b"ab", 0x6102), (b"cd", 0x9000)])
    assert CardChannel(transport).read_binary(4) == b"abcd"
    assert transport.sent[1].hex().upper() == "00C0000002"
