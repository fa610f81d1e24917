"""Fixtures shared by the UI and end-to-end tests."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.config import Settings, load_settings
from kiosk.embedded import EmbeddedPortal
from tests.helpers import require_tool

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def demo_config(tmp_path: Path) -> Path:
    """The project's default kiosk.toml, with its data folder (spool, journal, portal database) in tmp_path."""
    text = (ROOT / "kiosk.toml").read_text(encoding="utf-8")
    path = tmp_path / "kiosk.toml"
    path.write_text(
        text.replace('data_dir = "var"', f'data_dir = "{tmp_path / "var"}"')
        .replace('"spool:var/spool"', f'"spool:{tmp_path / "var" / "spool"}"')
        .replace('"var/print-journal.sqlite"', f'"{tmp_path / "var" / "print-journal.sqlite"}"'),
        encoding="utf-8",
    )
    return path


@pytest.fixture
def demo_settings(demo_config: Path) -> Settings:
    return load_settings(demo_config, env={})


def pdf_text(path: Path) -> str:
    """The text of a PDF as pdftotext (poppler) reads it: what a person would read on the paper."""
    pdftotext = require_tool("pdftotext")
    result = subprocess.run([pdftotext, "-layout", str(path), "-"], capture_output=True, text=True, check=True)
    return result.stdout


def read_qr_codes(pdf: Path) -> list[str]:
    """Every QR code on the PDF's pages, rasterised by pdftoppm and read by zbarimg (independent of us)."""
    pdftoppm, zbarimg = require_tool("pdftoppm"), require_tool("zbarimg")
    stem = pdf.with_suffix("")
    subprocess.run([pdftoppm, "-png", "-r", "200", str(pdf), str(stem)], check=True)
    found: list[str] = []
    for page in sorted(pdf.parent.glob(f"{stem.name}*.png")):
        result = subprocess.run([zbarimg, "-q", "--raw", str(page)], capture_output=True, text=True)
        found += [line for line in result.stdout.splitlines() if line]
        page.unlink()
    return found


@pytest.fixture
def spool_dir(demo_settings: Settings) -> Path:
    return Path(demo_settings.printers.receipt.removeprefix("spool:"))


@pytest.fixture
def running_portal(demo_settings: Settings) -> Iterator[tuple[EmbeddedPortal, str]]:
    """The reference portal under uvicorn on loopback, with demo data; yields it and the demo device token."""
    portal = EmbeddedPortal(demo_settings)
    portal.start()
    try:
        token = portal.wait_ready()
        yield portal, token
    finally:
        portal.stop()
