"""Decoding helpers shared by the profile parsers; each failure names the field."""

from __future__ import annotations

import datetime
import re

from kiosk.card.errors import CorruptField


def fixed_text(data: bytes, offset: int, length: int, field: str) -> str | None:
    """A NUL-padded UTF-8 field of a fixed layout; None when empty."""
    if offset + length > len(data):
        raise CorruptField(field, "file too short")
    raw = data[offset : offset + length].rstrip(b"\x00")
    return utf8(raw, field)


def utf8(raw: bytes, field: str) -> str | None:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise CorruptField(field, "not UTF-8") from error
    # isprintable() is a fast C check that already excludes every control character; the
    # regex only decides for the rare text with other non-printable characters (e.g. NBSP).
    if not text.isprintable() and _CONTROL_CHARACTERS.search(text):
        raise CorruptField(field, "control characters")
    text = text.strip()
    return text or None


_CONTROL_CHARACTERS = re.compile("[\x00-\x1f\x7f]")
_NUMERIC_DATE = re.compile(r"(\d{1,2})[ ./-](\d{1,2})[ ./-](\d{4})")
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_COMPACT_DATE = re.compile(r"(\d{4})(\d{2})(\d{2})")


def parse_date(text: str | None, field: str) -> datetime.date | None:
    """Dates as the cards write them: "dd mm yyyy", "dd.mm.yyyy", ISO or yyyymmdd."""
    if text is None:
        return None
    try:
        if match := _NUMERIC_DATE.fullmatch(text):
            day, month, year = (int(part) for part in match.groups())
        elif match := _ISO_DATE.fullmatch(text) or _COMPACT_DATE.fullmatch(text):
            year, month, day = (int(part) for part in match.groups())
        else:
            raise CorruptField(field, "not a date")
        return datetime.date(year, month, day)
    except ValueError as error:
        raise CorruptField(field, "impossible date") from error
