"""kiosk.toml [logging]: wrong values stop the start with the usual message; configure_logging writes a rotating
file (and stderr under systemd), only once however often it is called, and redacts what slips through."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.config import ConfigError, load_settings
from kiosk.logs import REDACTED, configure_logging, redact


def write(tmp_path: Path, logging_section: str) -> Path:
    path = tmp_path / "kiosk.toml"
    path.write_text(f'[kiosk]\ndata_dir = "var"\n[logging]\n{logging_section}\n', encoding="utf-8")
    return path


@pytest.fixture
def kiosk_handlers() -> Iterator[None]:
    """Leave the root logger as this test found it."""
    root = logging.getLogger()
    before, level = list(root.handlers), root.level
    yield
    for handler in root.handlers:
        if handler not in before:
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)


def ours(root: logging.Logger) -> list[logging.Handler]:
    return [h for h in root.handlers if type(h).__module__ == "kiosk.logs"]


def test_defaults_put_the_log_beside_the_data(tmp_path: Path) -> None:
    settings = load_settings(write(tmp_path, ""), env={})
    assert settings.logging.file == tmp_path / "var" / "log" / "kiosk.log"
    assert settings.logging.level == "INFO"
    assert settings.as_toml_dict()["logging"]["file"] == str(tmp_path / "var" / "log" / "kiosk.log")


@pytest.mark.parametrize(
    ("section", "key", "fix"),
    [
        ('level = "LOUD"', "[logging] level", "'DEBUG', 'INFO', 'WARNING', 'ERROR'"),
        ("max_kb = 1", "[logging] max_kb", "from 16 to 1048576"),
        ('max_kb = "big"', "[logging] max_kb", "a whole number"),
        ("backups = -1", "[logging] backups", "from 0 to 100"),
        ('file = ""', "[logging] file", "path in quotes"),
        ("colour = true", "[logging] colour", "known here: backups, file, level, max_kb"),
    ],
)
def test_wrong_values_name_key_value_and_fix(tmp_path: Path, section: str, key: str, fix: str) -> None:
    with pytest.raises(ConfigError) as error:
        load_settings(write(tmp_path, section), env={})
    assert error.value.key == key
    assert error.value.source == str(tmp_path / "kiosk.toml")
    assert fix in error.value.fix
    assert key in str(error.value)
    assert "fix:" in str(error.value)


def test_a_folder_or_an_unwritable_place_is_refused(tmp_path: Path) -> None:
    (tmp_path / "logs").mkdir()
    with pytest.raises(ConfigError) as folder:
        load_settings(write(tmp_path, 'file = "logs"'), env={})
    assert folder.value.problem == "is a folder, not a file"
    (tmp_path / "plain-file").write_text("x")
    with pytest.raises(ConfigError) as blocked:
        load_settings(write(tmp_path, 'file = "plain-file/kiosk.log"'), env={})
    assert blocked.value.key == "[logging] file"
    assert "cannot be created or written" in blocked.value.problem


def test_environment_overrides_the_level(tmp_path: Path) -> None:
    settings = load_settings(write(tmp_path, ""), env={"KIOSK_LOGGING__LEVEL": "WARNING"})
    assert settings.logging.level == "WARNING"


@pytest.mark.usefixtures("kiosk_handlers")
def test_configure_is_idempotent_and_writes_the_file(tmp_path: Path) -> None:
    settings = load_settings(write(tmp_path, 'level = "INFO"'), env={})
    root = logging.getLogger()
    configure_logging(settings, environ={})
    configure_logging(settings, environ={})
    assert len(ours(root)) == 1
    logging.getLogger("kiosk.test").info("printer fault: media-empty")
    logging.getLogger("kiosk.test").debug("below the level")
    text = settings.logging.file.read_text(encoding="utf-8")
    assert "INFO kiosk.test: printer fault: media-empty" in text
    assert "below the level" not in text


@pytest.mark.usefixtures("kiosk_handlers")
def test_under_systemd_the_journal_gets_it_too(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    settings = load_settings(write(tmp_path, ""), env={})
    configure_logging(settings, environ={"JOURNAL_STREAM": "8:12345"})
    assert len(ours(logging.getLogger())) == 2
    handler = next(h for h in ours(logging.getLogger()) if isinstance(h, logging.StreamHandler)
                   and not isinstance(h, logging.FileHandler))  # fmt: skip
    assert getattr(handler, "stream", None) is not None
    configure_logging(settings, environ={})  # no longer under systemd: the stderr handler goes
    assert len(ours(logging.getLogger())) == 1


@pytest.mark.usefixtures("kiosk_handlers")
def test_the_filter_redacts_what_slips_through(tmp_path: Path) -> None:
    settings = load_settings(write(tmp_path, ""), env={})
    configure_logging(settings, environ={})
    log = logging.getLogger("kiosk.test")
    log.warning("library said: Authorization: Bearer dT3kq9xZpL0aYv7mN2bC5rW8eH1sJ4uF")
    log.warning("nif %s in a message", "123456789")
    try:
        raise ValueError("civil id 12345678 9 ZZ1 in an exception")
    except ValueError:
        log.exception("worker failed: ValueError")
    text = settings.logging.file.read_text(encoding="utf-8")
    assert "dT3kq9xZpL0aYv7mN2bC5rW8eH1sJ4uF" not in text
    assert "123456789" not in text
    assert "12345678 9 ZZ1" not in text
    assert text.count(REDACTED) >= 3
    assert "worker failed: ValueError" in text  # the event itself stays readable


def test_redact_keeps_the_events_operators_need() -> None:
    for event in (
        "card read: profile pt-cc1",
        "submission accepted: service RESIDENCE-CERT, status issued",
        "print job 12: receipt to receipt, printed",
        "reference 2026-27VX-KMAC",
    ):
        assert redact(event) == event
    assert redact("Belgian 85.07.30-033.61") == f"Belgian {REDACTED}"
