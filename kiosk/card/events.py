"""Reader events, as they travel from a reader thread to whoever watches."""

from __future__ import annotations

import enum
from dataclasses import dataclass


class ReaderEventKind(enum.StrEnum):
    INSERTED = "inserted"
    REMOVED = "removed"
    READER_ADDED = "reader_added"
    READER_REMOVED = "reader_removed"


@dataclass(frozen=True)
class ReaderEvent:
    kind: ReaderEventKind
    reader: str
    atr: bytes = b""  # set for "inserted"
