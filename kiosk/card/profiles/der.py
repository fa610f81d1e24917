"""Reading DER objects (certificates) from files whose size the card does not tell."""

from __future__ import annotations

import hashlib

from kiosk.card.apdu import SW_WRONG_OFFSET, CardChannel
from kiosk.card.errors import CorruptField, UnexpectedStatus

SEQUENCE = 0x30
ICAO_SOD_TAG = 0x77  # EF.SOD wraps the CMS SignedData in application tag 23
SECURITY_OBJECT_TAGS = (SEQUENCE, ICAO_SOD_TAG)
SHORT_READ = 256


def der_length(header: bytes, field: str, tags: tuple[int, ...] = (SEQUENCE,)) -> int:
    """Total length (header included) of the DER object starting ``header``."""
    if len(header) < 2 or header[0] not in tags:
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


def security_object_digest(channel: CardChannel, field: str = "security_object") -> bytes:
    """SHA-256 of the selected security object's head and tail, in at most two short reads.

    A CMS SOD ends with the issuer's signature, which changes whenever any hashed data group
    does; its first chunk (which holds the length) and its last 256 bytes therefore identify
    it without reading the whole 2-3 KB file.
    """
    head = _read_within(channel, SHORT_READ, 0, field)
    total = der_length(head, field, SECURITY_OBJECT_TAGS)
    tail = b""
    if total > len(head):
        tail_offset = max(len(head), total - SHORT_READ)
        tail = _read_within(channel, total - tail_offset, tail_offset, field)
        if len(tail) < total - tail_offset:
            raise CorruptField(field, "file shorter than its DER length")
    return hashlib.sha256(total.to_bytes(4, "big") + head[:total] + tail).digest()


def _read_within(channel: CardChannel, length: int, offset: int, field: str) -> bytes:
    """READ BINARY where reading past the end (6B00) means the file is shorter than it says."""
    try:
        return channel.read_binary(length, offset=offset)
    except UnexpectedStatus as error:
        if error.sw == SW_WRONG_OFFSET:
            raise CorruptField(field, "file shorter than its DER length") from error
        raise
