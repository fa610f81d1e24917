"""The admin PIN (hash, check, lockout), the `kiosk admin-pin` command, the old clear-text key refused, and the
admin status snapshot of a real core (simulated reader, spool printers, the embedded portal's absence)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.admin import (
    DEMO_ADMIN_PIN,
    DEMO_ADMIN_PIN_HASH,
    AdminGate,
    PinFormatError,
    check_pin_format,
    collect_status,
    config_summary,
    hash_pin,
    parse_pin_hash,
    print_test_pages,
    retry_journal,
    verify_pin,
)
from kiosk.config import ConfigError, load_settings


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def test_a_hash_verifies_its_pin_only_and_is_salted() -> None:
    first, second = hash_pin("135790"), hash_pin("135790")
    assert first != second  # a fresh salt each time
    assert verify_pin(b"135790", first)
    assert verify_pin(bytearray(b"135790"), second)
    assert not verify_pin(b"135791", first)
    assert "135790" not in first


def test_the_demo_hash_is_the_demo_pin() -> None:
    assert verify_pin(DEMO_ADMIN_PIN.encode(), DEMO_ADMIN_PIN_HASH)


@pytest.mark.parametrize(
    "stored",
    ["", "246810", "scrypt$16384$8$1$abc", "bcrypt$1$2$3$AAAA$BBBB", "scrypt$1000$8$1$AAAAAAAAAAA=$AAAA"],
)
def test_damaged_hashes_are_refused_in_words(stored: str) -> None:
    with pytest.raises(ValueError, match=r"PIN hash"):
        parse_pin_hash(stored)
    assert not verify_pin(b"246810", stored)


@pytest.mark.parametrize("pin", ["12345", "12a456", "１２３４５６", "1234567890123"])
def test_pin_format(pin: str) -> None:
    with pytest.raises(PinFormatError):
        check_pin_format(pin)


def test_three_wrong_tries_lock_for_five_minutes_and_a_restart_does_not_reset(tmp_path: Path) -> None:
    clock = Clock()
    state = tmp_path / "admin-lock.json"
    gate = AdminGate(DEMO_ADMIN_PIN_HASH, state, clock=clock)
    assert gate.attempt(bytearray(b"000000")).tries_left == 2
    assert gate.attempt(bytearray(b"111111")).tries_left == 1
    locked = gate.attempt(bytearray(b"222222"))
    assert (locked.allowed, locked.tries_left, locked.locked_seconds) == (False, 0, 300)
    # The right PIN does not open while locked, even from a new gate (the kiosk restarted).
    again = AdminGate(DEMO_ADMIN_PIN_HASH, state, clock=clock)
    clock.now += 299
    answer = again.attempt(bytearray(DEMO_ADMIN_PIN.encode()))
    assert not answer.allowed
    assert answer.locked_seconds == 1
    clock.now += 1
    assert again.locked_seconds() == 0
    assert again.tries_left() == 3
    assert again.attempt(bytearray(DEMO_ADMIN_PIN.encode())).allowed


def test_a_right_pin_resets_the_count_and_every_pin_buffer_is_zeroed(tmp_path: Path) -> None:
    gate = AdminGate(DEMO_ADMIN_PIN_HASH, tmp_path / "lock.json", clock=Clock())
    wrong = bytearray(b"999999")
    gate.attempt(wrong)
    assert wrong == bytearray()
    right = bytearray(DEMO_ADMIN_PIN.encode())
    assert gate.attempt(right).allowed
    assert right == bytearray()
    assert gate.tries_left() == 3
    assert "246810" not in (tmp_path / "lock.json").read_text()


def test_the_old_clear_text_key_is_refused_with_the_fix(tmp_path: Path) -> None:
    config = tmp_path / "kiosk.toml"
    config.write_text(f'[kiosk]\nadmin_pin = "246810"\ndata_dir = "{tmp_path}"\n')
    with pytest.raises(ConfigError) as caught:
        load_settings(config, env={})
    message = str(caught.value)
    assert "kiosk admin-pin" in message
    assert "admin_pin_hash" in message
    assert "246810" not in message


def test_a_damaged_hash_in_the_file_is_refused_and_a_good_one_read(tmp_path: Path) -> None:
    config = tmp_path / "kiosk.toml"
    config.write_text(f'[kiosk]\nadmin_pin_hash = "scrypt$nonsense"\ndata_dir = "{tmp_path}"\n')
    with pytest.raises(ConfigError, match="admin_pin_hash"):
        load_settings(config, env={})
    made = hash_pin("864200")
    config.write_text(f'[kiosk]\nadmin_pin_hash = "{made}"\ndata_dir = "{tmp_path}"\n')
    settings = load_settings(config, env={})
    assert settings.kiosk.admin_pin_hash == made
    assert settings.as_toml_dict()["kiosk"]["admin_pin_hash"] == "<set>"


def _admin_pin_command(stdin: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kiosk", "admin-pin"], input=stdin, capture_output=True, text=True, timeout=60
    )


def test_the_admin_pin_command_prints_a_line_that_the_config_accepts(tmp_path: Path) -> None:
    done = _admin_pin_command("802461\n802461\n")
    assert done.returncode == 0, done.stderr
    line = done.stdout.strip().splitlines()[-1]
    assert line.startswith('admin_pin_hash = "scrypt$')
    assert "802461" not in done.stdout
    config = tmp_path / "kiosk.toml"
    config.write_text(f'[kiosk]\n{line}\ndata_dir = "{tmp_path}"\n')
    assert verify_pin(b"802461", load_settings(config, env={}).kiosk.admin_pin_hash)


@pytest.mark.parametrize(
    ("stdin", "said"), [("802461\n802462\n", "differ"), ("12ab56\n12ab56\n", "digits only")]
)
def test_the_admin_pin_command_refuses_in_words(stdin: str, said: str) -> None:
    done = _admin_pin_command(stdin)
    assert done.returncode == 2
    assert said in done.stderr
    assert "scrypt" not in done.stdout


def test_status_snapshot_of_a_real_core(tmp_path: Path) -> None:
    from kiosk.core import KioskCore

    config = tmp_path / "kiosk.toml"
    config.write_text(
        f'[kiosk]\ndata_dir = "{tmp_path}"\n'
        f'[portal]\nurl = "http://127.0.0.1:9"\ndevice_token = "secret-token"\ntimeout_seconds = 1.0\n'
        f'[printers]\nreceipt = "spool:{tmp_path}/spool"\ndocuments = "spool:{tmp_path}/spool"\n'
        f'journal = "{tmp_path}/journal.sqlite"\n'
    )
    core = KioskCore(load_settings(config, env={}))
    core.insert_demo_card()
    status = collect_status(core)
    assert [(reader.name, reader.card) for reader in status.readers] == [("Simulated reader", "demo card")]
    assert {printer.name for printer in status.printers} == {"receipt", "documents"}
    assert not status.portal.reachable
    assert status.portal.problem
    assert status.outbox == {"pending": 0, "delivered": 0, "rejected": 0}
    summary = dict(status.config)
    assert summary["portal.device_token"] == "<set>"
    assert "secret-token" not in str(status)
    # A test page per printer reaches the spool folder and shows in the journal.
    outcome = print_test_pages(core, "en")
    assert {name for name, _ in outcome} == {"receipt", "documents"}
    assert len(list((tmp_path / "spool").glob("*.pdf"))) == 2
    assert sum(collect_status(core).journal.values()) == 2
    assert retry_journal(core) >= 0
    core.stop()


def test_config_summary_hides_secrets() -> None:
    summary = dict(config_summary(load_settings(None, env={"KIOSK_PORTAL__DEVICE_TOKEN": "tok-123"})))
    assert summary["portal.device_token"] == "<set>"
    assert "tok-123" not in str(summary)
