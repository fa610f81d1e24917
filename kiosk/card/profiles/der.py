"""Reading DER objects (certificates) from files whose size the card does not tell."""

from __future__ import annotations

from kiosk.card.apdu import CardChannel
from kiosk.card.errors import CorruptField


def der_length(header: bytes, field: str) -> int:
    """Total length (header included) of the DER object starting ``header``."""
    if len(header) < 2 or header[0] != 0x30:
        raise CorruptField(field, "not a DER SEQUENCE")
    first = header[1]
    if first < 0x80:
        return 2 + first
    count = first & 0x7F
    if count == 0 or count > 3 or len(header) < 2 + count:
        raise CorruptField(field, "bad DER length")
    return 2 + count + int.from_bytes(header[2 : 2 + count], "big")


def read_der_file(channel: CardChannel, field: str) -> bytes:
    """Read the selected file's DER object, and only as many bytes as it says it has."""
    first = channel.read_binary(256)
    total = der_length(first, field)
    if total > len(first):
        first += channel.read_binary(total - len(first), offset=len(first))
    if len(first) < total:
        raise CorruptField(field, "file shorter than its DER length")
    return first[:total]
