"""Fixtures shared by the UI and end-to-end tests."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.config import Settings, load_settings
from kiosk.embedded import EmbeddedPortal
from tests.helpers import require_tool

ROOT = Path(__file__).resolve().parent.parent

# After the whole run, every log it wrote is searched for PINs, names, identity numbers, tokens and access codes
# (issue 15: no personal data in logs, ever); a finding fails the run. A test hung where pytest-timeout cannot
# end it is ended by tests/watchdog.py, which prints where it hung.
pytest_plugins = ["tests.logscan", "tests.watchdog"]

# The suite runs on several pytest-xdist workers (see the README's test command). The machine has one pcscd with
# two vpcd readers on fixed ports, so every test that puts a card in them, restarts pcscd or drives the kiosk in
# a terminal with an emulated card must run on one worker, one after the other: they share this xdist group.
# Everything else makes its own resources (a PostgreSQL database, a CUPS and IPP printer on free ports, a tmux
# server, temporary folders) and runs in parallel.
SERIAL_FOLDERS = ("card", "e2e")
SERIAL_FIXTURES = {"pcscd", "virtual_cards"}


@pytest.hookimpl(tryfirst=True)  # before xdist's own hook reads the group marker into each test's id
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    tests = ROOT / "tests"
    for item in items:
        folder = item.path.relative_to(tests).parts[0] if item.path.is_relative_to(tests) else ""
        if folder in SERIAL_FOLDERS or SERIAL_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.xdist_group("real-card-reader"))


def embedded_port_of_this_worker() -> int:
    """Each pytest-xdist worker's embedded portals prefer a port of their own. With one port for all, a test
    that stops its portal to see the kiosk go offline could be answered by another worker's portal that took the
    port in the meantime."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw")
    return 18765 + int(worker) if worker.isdigit() else 18765


@pytest.fixture
def demo_config(tmp_path: Path) -> Path:
    """The project's default kiosk.toml, with its data folder (spool, journal, portal database) in tmp_path."""
    text = (ROOT / "kiosk.toml").read_text(encoding="utf-8")
    path = tmp_path / "kiosk.toml"
    path.write_text(
        text.replace('data_dir = "var"', f'data_dir = "{tmp_path / "var"}"')
        .replace('"spool:var/spool"', f'"spool:{tmp_path / "var" / "spool"}"')
        .replace('"var/print-journal.sqlite"', f'"{tmp_path / "var" / "print-journal.sqlite"}"')
        .replace("embedded_port = 8765", f"embedded_port = {embedded_port_of_this_worker()}")
        # The demo offers espeak-ng when installed; tests do not speak through the loudspeaker, and whether a
        # machine has espeak-ng must not change what a screen shows. The speech tests set a capturing command.
        .replace('speech_command = "espeak-ng -v {language}"', 'speech_command = ""'),
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
