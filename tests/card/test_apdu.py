"""The APDU layer: encodings of the four cases, chaining, the T=0 Le quirk, status words."""

from __future__ import annotations

import pytest

from kiosk.card.apdu import CardChannel, Command, raise_for_status
from kiosk.card.errors import (
    FileNotFound,
    PinBlocked,
    SecurityStatusNotSatisfied,
    UnexpectedStatus,
    WrongPin,
)


class ScriptedTransport:
    """Answers from a fixed script and records what was sent (a unit-level double)."""

    def __init__(self, answers: list[tuple[bytes, int]], protocol: str = "T=1") -> None:
        self.answers = list(answers)
        self.sent: list[bytes] = []
        self._protocol = protocol

    @property
    def atr(self) -> bytes:
        return b"\x3b\x00"

    @property
    def protocol(self) -> str:
        return self._protocol

    def transmit(self, apdu: bytes | bytearray) -> tuple[bytes, int]:
        self.sent.append(bytes(apdu))
        return self.answers.pop(0)

    def close(self) -> None:
        pass


@pytest.mark.parametrize(
    ("command", "t0", "expected"),
    [
        (Command(0x00, 0x20, 0x00, 0x81), False, "00200081"),
        (Command(0x00, 0xB0, 0x01, 0x00, le=0), False, "00B0010000"),
        (Command(0x00, 0xA4, 0x04, 0x0C, b"\x60\x46"), False, "00A4040C026046"),
        (Command(0x00, 0xA4, 0x04, 0x00, b"\x60\x46", le=0), False, "00A40400026046" + "00"),
        (Command(0x00, 0xA4, 0x04, 0x00, b"\x60\x46", le=0), True, "00A40400026046"),
        (Command(0x00, 0xCA, 0x9F, 0x7F, le=0x2D), True, "00CA9F7F2D"),
    ],
)
def test_command_encodes_the_four_cases(command: Command, t0: bool, expected: str) -> None:
    assert command.encode(t0=t0) == bytes.fromhex(expected)


def test_command_rejects_data_longer_than_a_short_apdu() -> None:
    with pytest.raises(ValueError, match="short APDU"):
        Command(0, 0, 0, 0, bytes(256))


def test_61xx_is_completed_with_get_response() -> None:
    transport = ScriptedTransport([(b"", 0x6104), (b"\x01\x02\x03", 0x6101), (b"\x04", 0x9000)])
    response = CardChannel(transport).exchange(Command(0x00, 0x2A, 0x9E, 0x9A, le=0))
    assert response.data == b"\x01\x02\x03\x04"
    assert response.sw == 0x9000
    assert transport.sent[1] == bytes.fromhex("00C0000004")
    assert transport.sent[2] == bytes.fromhex("00C0000001")


def test_6cxx_reissues_the_same_command_with_the_right_le() -> None:
    transport = ScriptedTransport([(b"", 0x6C1C), (bytes(28), 0x9000)])
    channel = CardChannel(transport)
    data = channel.send(Command(0x80, 0xE4, 0x00, 0x00, le=0))
    assert len(data) == 28
    assert transport.sent == [bytes.fromhex("80E4000000"), bytes.fromhex("80E400001C")]
    assert channel.apdu_count == 2


def test_t0_sends_case_4_without_le() -> None:
    transport = ScriptedTransport([(b"", 0x6102), (b"\x6f\x00", 0x9000)], protocol="T=0")
    CardChannel(transport).exchange(Command(0x00, 0xA4, 0x04, 0x00, b"\xa0\x00", le=0))
    assert transport.sent[0] == bytes.fromhex("00A4040002A000")


def test_read_binary_stops_on_a_short_chunk() -> None:
    transport = ScriptedTransport([(bytes(256), 0x9000), (bytes(10), 0x9000)])
    assert len(CardChannel(transport).read_binary()) == 266
    assert transport.sent[1] == bytes.fromhex("00B0010000")


def test_read_binary_treats_6b00_after_a_chunk_as_end_of_file() -> None:
    transport = ScriptedTransport([(bytes(256), 0x9000), (b"", 0x6B00)])
    assert len(CardChannel(transport).read_binary()) == 256


def test_read_binary_asks_exactly_the_remaining_length() -> None:
    transport = ScriptedTransport([(bytes(256), 0x9000), (bytes(44), 0x9000)])
    assert len(CardChannel(transport).read_binary(300, offset=2)) == 300
    assert transport.sent == [bytes.fromhex("00B0000200"), bytes.fromhex("00B001022C")]


@pytest.mark.parametrize(
    ("sw", "error"),
    [
        (0x63C2, WrongPin),
        (0x63C0, PinBlocked),
        (0x6983, PinBlocked),
        (0x6984, PinBlocked),
        (0x6982, SecurityStatusNotSatisfied),
        (0x6A82, FileNotFound),
        (0x6F00, UnexpectedStatus),
    ],
)
def test_status_words_become_typed_errors(sw: int, error: type[Exception]) -> None:
    with pytest.raises(error):
        raise_for_status(sw, "TEST")


def test_wrong_pin_carries_the_tries_left_and_warns_on_the_last() -> None:
    with pytest.raises(WrongPin) as caught:
        raise_for_status(0x63C1)
    assert caught.value.tries_left == 1
    assert "one try left" in caught.value.user_message("en")
    assert "uma tentativa" in caught.value.user_message("pt")


def test_blocked_pin_says_where_to_unblock_it() -> None:
    with pytest.raises(PinBlocked) as caught:
        raise_for_status(0x6983, where_to_unblock="where.be")
    assert "town hall" in caught.value.user_message("en")
    assert "câmara municipal" in caught.value.user_message("pt")


def test_send_secret_zeroes_the_apdu_buffer_and_checks_status() -> None:
    transport = ScriptedTransport([(b"", 0x63C2)])
    block = bytearray(b"1234\xff\xff\xff\xff")
    with pytest.raises(WrongPin):
        CardChannel(transport).send_secret(b"\x00\x20\x00\x81", block)
    assert transport.sent[0] == bytes.fromhex("0020008108") + b"1234\xff\xff\xff\xff"
