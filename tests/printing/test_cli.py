"""`kiosk print ...` handlers, driven through argparse as kiosk/cli.py wires them."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from printing import cli
from printing.backends.folder import STATE_FILE
from printing.service import PrintService
from tests.printing.pdftools import pdf_text, qr_codes


def run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="kiosk")
    parser.add_argument("--config")
    commands = parser.add_subparsers(dest="command", required=True)
    cli.configure(commands.add_parser("print"))
    args = parser.parse_args(argv)
    return int(args.handler(args))


@pytest.fixture
def config(tmp_path: Path) -> Path:
    path = tmp_path / "kiosk.toml"
    path.write_text(
        '[kiosk]\ndata_dir = "var"\n\n[printers]\nreceipt = "spool:spool"\n'
        'documents = "pdf:documents"\njournal = "var/journal.sqlite"\n'
    )
    return path


def test_module_imports_nothing_heavy() -> None:
    import subprocess
    import sys

    code = "import sys, printing.cli; print(sorted(m for m in sys.modules if m.split('.')[0] in {'reportlab', 'qrcode', 'httpx', 'textual', 'sqlite3'}))"  # noqa: E501
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


@pytest.mark.parametrize("kind", cli.KINDS)
def test_render_sample(kind: str, tmp_path: Path) -> None:
    out = tmp_path / f"{kind}.pdf"
    assert run(["print", "--lang", "en", "render", kind, "--sample", "--out", str(out)]) == 0
    assert out.read_bytes().startswith(b"%PDF-")
    assert pdf_text(out.read_bytes(), tmp_path).strip()


def test_render_sample_certificate_has_a_seal(tmp_path: Path) -> None:
    out = tmp_path / "c.pdf"
    assert run(["print", "render", "certificate", "--sample", "--out", str(out)]) == 0
    (seal,) = qr_codes(out.read_bytes(), tmp_path)
    assert seal.startswith("CS1:")


def test_render_without_sample_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["print", "render", "receipt", "--out", str(tmp_path / "x.pdf")]) == 2
    assert "--sample" in capsys.readouterr().err
    assert not (tmp_path / "x.pdf").exists()


def test_test_page_jobs_and_reprint(config: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["--config", str(config), "print", "--lang", "en", "test"]) == 0
    out = capsys.readouterr().out
    assert "receipt: ready" in out
    assert "documents: ready" in out
    (receipt_page,) = (tmp_path / "spool").glob("TEST-receipt-*-test-page.pdf")
    assert "Printer test page" in pdf_text(receipt_page.read_bytes(), tmp_path)
    assert len(list((tmp_path / "documents").glob("TEST-documents-*.pdf"))) == 1

    assert run(["--config", str(config), "print", "jobs", "--json"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [row["state"] for row in rows] == ["printed", "printed"]
    reference = rows[0]["reference"]

    assert run(["--config", str(config), "print", "reprint", reference]) == 0
    assert "Impresso" in capsys.readouterr().out
    assert len(list((tmp_path / "spool").glob("TEST-receipt-*-copy2.pdf"))) == 1


def test_status_and_retry_after_paper_out(
    config: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], pdf: bytes
) -> None:
    (tmp_path / "spool").mkdir()
    (tmp_path / "spool" / STATE_FILE).write_text("media-empty-report")
    assert run(["--config", str(config), "print", "--lang", "pt", "status"]) == 1
    assert "receipt: no-paper — A impressora está sem papel." in capsys.readouterr().out

    service = PrintService(tmp_path / "var" / "journal.sqlite", {"receipt": "spool:" + str(tmp_path / "spool")})
    service.submit("receipt", "R-9", "receipt", pdf)
    service.close()
    (tmp_path / "spool" / STATE_FILE).unlink()
    assert run(["--config", str(config), "print", "--lang", "en", "retry"]) == 0
    assert "Printed" in capsys.readouterr().out
    assert (tmp_path / "spool" / "R-9-receipt.pdf").read_bytes() == pdf


def test_unknown_reference_reprint_fails_clearly(config: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["--config", str(config), "print", "--lang", "en", "reprint", "NOPE"]) == 1
    assert "no printed document has the reference NOPE" in capsys.readouterr().err


def test_bad_target_is_a_message_not_a_traceback(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "kiosk.toml"
    path.write_text('[kiosk]\ndata_dir = "var"\n[printers]\nreceipt = "cups:a/b"\n')
    assert run(["--config", str(path), "print", "status"]) == 2
    assert "cups:QUEUE" in capsys.readouterr().err
