"""Unicode fonts embedded in every document, so any citizen's name prints.

Each font a document uses is embedded as a subset, which costs about 3 ms per
PDF: documents stick to regular and bold (mono is there for operator pages).

DejaVu comes from the Debian package ``fonts-dejavu-core``; ``KIOSK_FONT_DIR``
points at another folder holding the same files. Without them the
documents still print with reportlab's built-in Helvetica (Latin-1 only) and a
warning is logged once, because a receipt with odd glyphs beats no receipt.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

log = logging.getLogger(__name__)

FONT_DIR_ENV = "KIOSK_FONT_DIR"
_SEARCH_DIRS = (
    Path("/usr/share/fonts/truetype/dejavu"),
    Path("/usr/local/share/fonts/dejavu"),
)
_FILES = {
    "regular": "DejaVuSans.ttf",
    "bold": "DejaVuSans-Bold.ttf",
    "mono": "DejaVuSansMono.ttf",
}
_FALLBACK = {
    "regular": "Helvetica",
    "bold": "Helvetica-Bold",
    "mono": "Courier",
}


@dataclass(frozen=True)
class FontSet:
    """reportlab font names to draw with; ``unicode`` is False on the fallback."""

    regular: str
    bold: str
    mono: str
    unicode: bool


def find_font_dir() -> Path | None:
    """The first folder that holds every DejaVu file we embed, or None."""
    override = os.environ.get(FONT_DIR_ENV)
    candidates = [Path(override)] if override else []
    candidates.extend(_SEARCH_DIRS)
    for folder in candidates:
        if all((folder / name).is_file() for name in _FILES.values()):
            return folder
    return None


@cache
def fonts() -> FontSet:
    """Register the fonts once per process (parsing a TTF costs tens of ms)."""
    folder = find_font_dir()
    if folder is None:
        log.warning(
            "DejaVu fonts not found (install the Debian package fonts-dejavu-core or set %s); "
            "printing with Helvetica, which cannot show every name",
            FONT_DIR_ENV,
        )
        return FontSet(**_FALLBACK, unicode=False)
    names: dict[str, str] = {}
    for role, file_name in _FILES.items():
        font_name = "Kiosk-" + file_name.removesuffix(".ttf")
        pdfmetrics.registerFont(TTFont(font_name, str(folder / file_name)))
        names[role] = font_name
    return FontSet(**names, unicode=True)
