"""`kiosk card ...` through a real subprocess, as an operator would run it."""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.card.emulator.citizens import find_citizen
from kiosk.card.identity import PinKind
from kiosk.i18n import text
from tests.card.conftest import READER_1, VirtualCards, card_present
from tests.helpers import run_into_a_closed_pipe

CONTRACT_KEYS = [
    "profile", "atr", "document_number", "surname", "given_names", "sex", "nationality",
    "birth_date", "birth_place", "issue_date", "expiry_date", "issuing_entity", "civil_id",
    "tax_id", "social_security_id", "health_id", "national_number", "has_photo",
]  # fmt: skip


def card_cli(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kiosk.card.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_read_json_has_the_contract_keys() -> None:
    completed = card_cli("read", "--simulated", "lucas", "--json")
    assert completed.returncode == 0, completed.stderr
    data = json.loads(completed.stdout)
    assert list(data) == CONTRACT_KEYS
    assert data["national_number"] == find_citizen("lucas").national_number


def test_read_address_takes_the_pin_from_stdin(tmp_path: Path) -> None:
    citizen = find_citizen("maria")
    photo = tmp_path / "photo.jp2"
    completed = card_cli(
        "read", "--simulated", "maria", "--json", "--address", "--photo", str(photo),
        stdin=citizen.pin(PinKind.ADDRESS) + "\n",
    )  # fmt: skip
    assert completed.returncode == 0, completed.stderr
    data = json.loads(completed.stdout)
    assert data["address"]["postal_code"] == "1150-020"
    assert photo.read_bytes()[4:8] == b"jP  "


def test_wrong_pin_is_one_plain_line_without_the_pin() -> None:
    completed = card_cli("--lang", "pt", "read", "--simulated", "maria", "--address", stdin="9999\n")
    assert completed.returncode == 1
    assert completed.stderr.strip() == "kiosk card: PIN errado. Restam 2 tentativas."
    assert "Traceback" not in completed.stderr
    assert "9999" not in completed.stdout + completed.stderr


def test_bad_pin_format_is_explained() -> None:
    completed = card_cli("read", "--simulated", "maria", "--address", stdin="12ab\n")
    assert completed.returncode == 1
    assert "4 to 8 digits" in completed.stderr


def test_unknown_citizen_is_a_usage_error() -> None:
    completed = card_cli("read", "--simulated", "nobody")
    assert completed.returncode == 2
    assert "no demo citizen 'nobody'" in completed.stderr
    assert "Traceback" not in completed.stderr


def test_make_demo_ca_writes_a_usable_root(tmp_path: Path) -> None:
    from cryptography import x509

    completed = card_cli("make-demo-ca", str(tmp_path / "ca"))
    assert completed.returncode == 0, completed.stderr
    root = x509.load_der_x509_certificate((tmp_path / "ca" / "root-ca.crt.der").read_bytes())
    root.verify_directly_issued_by(root)
    assert "DEMO" in root.subject.rfc4514_string()
    again = card_cli("make-demo-ca", str(tmp_path / "ca"))
    assert again.stdout == completed.stdout  # kept, not regenerated


def test_citizens_lists_every_demo_citizen() -> None:
    completed = card_cli("citizens")
    assert completed.returncode == 0
    assert len(completed.stdout.splitlines()) >= 6


def test_cli_module_and_card_layer_stay_light() -> None:
    code = (
        "import sys, kiosk.card.cli;"
        "heavy = [m for m in sys.modules if m.split('.')[0] in ('smartcard', 'cryptography', 'PIL')"
        " or m.startswith('kiosk.card.') and m != 'kiosk.card.cli'];"
        "import kiosk.card.session, kiosk.card.simulated, kiosk.card.monitor, kiosk.card.cli;"
        "print(heavy, 'textual' in sys.modules)"
    )
    completed = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert completed.stdout.strip() == "[] False"


@pytest.mark.pcscd
def test_emulate_puts_a_card_in_pcscd_until_stopped(pcscd: None, demo_ca_directory: Path) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "kiosk.card.cli", "emulate", "--citizen", "elodie", "--port", "35964"],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ},
    )
    try:
        assert process.stdout is not None
        assert "emulating be-eid card of elodie" in process.stdout.readline()
        deadline = time.monotonic() + 10
        while not card_present(READER_1) and time.monotonic() < deadline:
            time.sleep(0.02)
        listing = json.loads(card_cli("list", "--json").stdout)
        entry = next(reader for reader in listing if reader["name"] == READER_1)
        assert entry["profile"] == "be-eid"
        completed = card_cli("read", "--reader", READER_1, "--json")
        assert json.loads(completed.stdout)["surname"] == "Dubois-Lefèvre"
    finally:
        process.terminate()
        assert process.wait(timeout=10) == 0
    deadline = time.monotonic() + 10
    while card_present(READER_1) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert not card_present(READER_1)


# --- bad conditions: one plain line, never a traceback -------------------------------------------------------


@pytest.fixture
def pcscd_stopped() -> Iterator[None]:
    """No pcscd for the test: the one running is stopped (run under the realparts lock) and started again after,
    with its vpcd readers, so the tests that follow find it as they left it."""
    from tests.card import pcscd_daemon
    from tests.card.conftest import _vpcd_readers
    from tests.helpers import require_tool

    require_tool("pcscd")
    pid = 0
    if pcscd_daemon.answers():
        pid = pcscd_daemon.recorded_pid()
        assert pid, "pcscd runs without its pid file: it cannot be stopped for this test"
        pcscd_daemon.stop(pid)
    try:
        yield
    finally:
        if pid:
            pcscd_daemon.start_with_readers(lambda: len(_vpcd_readers()) == 2, "the two vpcd readers again")


def kiosk_command(*args: str) -> subprocess.CompletedProcess[str]:
    """The installed entry point's code path: python -m kiosk is what `kiosk` runs."""
    return subprocess.run(
        [sys.executable, "-m", "kiosk", *args], capture_output=True, text=True, timeout=60, check=False
    )


@pytest.mark.pcscd
@pytest.mark.parametrize(
    "command",
    [("card", "list"), ("card", "list", "--json"), ("card", "read"), ("card", "read", "--reader", "Virtual")],
    ids=" ".join,
)
def test_without_pcscd_a_card_command_says_so_in_one_line(
    pcscd_stopped: None, command: tuple[str, ...]
) -> None:
    completed = kiosk_command(*command)
    assert completed.returncode == 2
    assert completed.stdout == ""
    assert completed.stderr == "kiosk card: The card reader service (pcscd) is not running.\n"


@pytest.mark.pcscd
def test_without_pcscd_the_message_follows_the_language(pcscd_stopped: None) -> None:
    completed = kiosk_command("card", "--lang", "pt", "list")
    assert completed.returncode == 2
    assert (
        completed.stderr.strip()
        == "kiosk card: O serviço dos leitores de cartões (pcscd) não está a funcionar."
    )


AUDIT_WAITS = f"kiosk card: {text('en', 'card_cli.audit_waits')}\n"
"""What `kiosk card read` says on the demo configuration, whose portal runs only inside the app: the record of
the read waits in the outbox (tests/card/test_cli_card_read_audit.py)."""


@pytest.mark.pcscd
def test_reading_into_a_pipe_that_head_closed_is_quiet(virtual_cards: VirtualCards, demo_config: Path) -> None:
    """`kiosk card read | head -1`, run ten times: head leaves after one line, the card reader never complains.

    PYTHONUNBUFFERED=1 (as under systemd or a terminal recorder) writes line by line, so head is often gone
    while the rest is still being written: the BrokenPipeError that used to print a traceback.
    """
    citizen = find_citizen("maria")
    virtual_cards.insert(READER_1, "pt-cc1", citizen.id)
    kiosk = f"{shlex.quote(sys.executable)} -m kiosk --config {shlex.quote(str(demo_config))}"
    command = f"{kiosk} card read --reader '{READER_1}' | head -1"
    script = f'for run in 1 2 3 4 5 6 7 8 9 10; do {command}; echo "exit ${{PIPESTATUS[0]}}"; done'
    completed = subprocess.run(
        ["bash", "-c", script],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
        check=False,
    )
    assert completed.stderr == AUDIT_WAITS * 10, "no complaint about the pipe, only where the audit is"
    lines = completed.stdout.splitlines()
    assert lines[0::2] == ["profile: pt-cc1"] * 10
    assert set(lines[1::2]) <= {"exit 0", "exit 141"}


@pytest.mark.pcscd
def test_a_reader_gone_before_the_first_line_ends_the_command_quietly(
    virtual_cards: VirtualCards, demo_config: Path
) -> None:
    """The pipe is closed before the card is even read: every write fails, the command exits 141 in silence."""
    citizen = find_citizen("maria")
    virtual_cards.insert(READER_1, "pt-cc1", citizen.id)
    code, errors = run_into_a_closed_pipe(
        [sys.executable, "-m", "kiosk", "--config", str(demo_config), "card", "read", "--reader", READER_1]
    )
    assert code == 141
    assert errors == AUDIT_WAITS
