"""Independent checks of rendered PDFs with poppler and zbar (Debian tools), not reportlab."""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from tests.helpers import require_tool


def _write(pdf: bytes, folder: Path, name: str = "doc.pdf") -> Path:
    path = folder / name
    path.write_bytes(pdf)
    return path


def pdf_text(pdf: bytes, folder: Path) -> str:
    tool = require_tool("pdftotext")
    path = _write(pdf, folder)
    return subprocess.run(
        [tool, "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def page_sizes(pdf: bytes, folder: Path) -> list[tuple[float, float]]:
    """Every page's (width, height) in points, as pdfinfo reads them."""
    tool = require_tool("pdfinfo")
    path = _write(pdf, folder)
    out = subprocess.run(
        [tool, "-f", "1", "-l", "9999", str(path)], check=True, capture_output=True, text=True
    ).stdout
    sizes = re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", out)
    if not sizes:
        sizes = re.findall(r"Page size:\s+([\d.]+) x ([\d.]+) pts", out)
    return [(float(w), float(h)) for w, h in sizes]


def embedded_fonts(pdf: bytes, folder: Path) -> list[tuple[str, bool]]:
    """(font name, embedded?) for each font pdffonts lists."""
    tool = require_tool("pdffonts")
    path = _write(pdf, folder)
    lines = subprocess.run([tool, str(path)], check=True, capture_output=True, text=True).stdout.splitlines()[
        2:
    ]
    fonts = []
    for line in lines:
        fields = line.split()
        # columns: name type [encoding words...] emb sub uni object ID
        fonts.append((fields[0], fields[-5] == "yes"))
    return fonts


@dataclass(frozen=True)
class WordBox:
    word: str
    x_min: float
    y_min: float
    x_max: float
    y_max: float


def word_boxes(pdf: bytes, folder: Path) -> list[list[WordBox]]:
    """Per page, the box of every word, from ``pdftotext -bbox``."""
    tool = require_tool("pdftotext")
    path = _write(pdf, folder)
    html = subprocess.run(
        [tool, "-bbox", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    pages = []
    for page in html.split("<page")[1:]:
        boxes = [
            WordBox(word, float(x0), float(y0), float(x1), float(y1))
            for x0, y0, x1, y1, word in re.findall(
                r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>',
                page,
            )
        ]
        pages.append(boxes)
    return pages


def qr_codes(pdf: bytes, folder: Path, resolution: int = 150) -> list[str]:
    """Decode every QR on every page with zbarimg (an independent decoder)."""
    pdftoppm = require_tool("pdftoppm")
    zbarimg = require_tool("zbarimg")
    path = _write(pdf, folder)
    subprocess.run([pdftoppm, "-png", "-r", str(resolution), str(path), str(folder / "page")], check=True)
    found: list[str] = []
    for image in sorted(folder.glob("page*.png")):
        result = subprocess.run(
            [zbarimg, "-q", "--raw", "-Sdisable", "-Sqrcode.enable", str(image)],
            capture_output=True,
            text=True,
        )
        found.extend(line for line in result.stdout.splitlines() if line)
    return found
