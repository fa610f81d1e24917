"""BER-TLV reading for the CC2 data groups, strict enough to name what is broken."""

from __future__ import annotations

from kiosk.card.errors import CorruptField


def read_tag(data: bytes, index: int, field: str) -> tuple[int, int]:
    """Return (tag, index after the tag); multi-byte tags such as 7F 49 are one number."""
    if index >= len(data):
        raise CorruptField(field, "truncated tag")
    tag = data[index]
    index += 1
    if tag & 0x1F == 0x1F:
        while True:
            if index >= len(data):
                raise CorruptField(field, "truncated tag")
            tag = (tag << 8) | data[index]
            index += 1
            if not data[index - 1] & 0x80:
                break
    return tag, index


def read_length(data: bytes, index: int, field: str) -> tuple[int, int]:
    if index >= len(data):
        raise CorruptField(field, "truncated length")
    first = data[index]
    index += 1
    if first < 0x80:
        return first, index
    count = first & 0x7F
    if count == 0 or count > 3 or index + count > len(data):
        raise CorruptField(field, "bad length")
    return int.from_bytes(data[index : index + count], "big"), index + count


def iterate(data: bytes, field: str) -> list[tuple[int, bytes]]:
    """All top-level (tag, value) pairs of ``data``; trailing zero padding is ignored."""
    items = []
    index = 0
    end = len(data)
    while index < end:
        tag = data[index]
        if (tag == 0x00 or tag == 0xFF) and not data[index:].strip(b"\x00\xff"):
            break
        # One-byte tags and short lengths are inlined: DG13 is two dozen of them per read.
        if tag & 0x1F == 0x1F:
            tag, index = read_tag(data, index, field)
        else:
            index += 1
        if index < end and data[index] < 0x80:
            length = data[index]
            index += 1
        else:
            length, index = read_length(data, index, field)
        if index + length > end:
            raise CorruptField(field, "value runs past the end")
        items.append((tag, data[index : index + length]))
        index += length
    return items


def encode(tag: int, value: bytes) -> bytes:
    """BER encoding of one element (used by the emulator)."""
    tag_bytes = tag.to_bytes((tag.bit_length() + 7) // 8 or 1, "big")
    length = len(value)
    if length < 0x80:
        length_bytes = bytes((length,))
    elif length < 0x100:
        length_bytes = bytes((0x81, length))
    else:
        length_bytes = b"\x82" + length.to_bytes(2, "big")
    return tag_bytes + length_bytes + value
