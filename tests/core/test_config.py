"""kiosk.toml: the default is valid, overrides work, and every bad file stops with a message that names the
file, the key, the bad value and the fix, exit code 2, no traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.config import ConfigError, load_settings

ROOT = Path(__file__).resolve().parents[2]


def run_kiosk(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kiosk", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=60,
    )


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "kiosk.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_default_file_is_the_embedded_demo(tmp_path: Path) -> None:
    copy = tmp_path / "kiosk.toml"
    copy.write_text((ROOT / "kiosk.toml").read_text(encoding="utf-8"), encoding="utf-8")
    settings = load_settings(copy, env={})
    assert settings.embedded_portal
    assert settings.card.reader == "simulated"
    assert settings.kiosk.languages == ("pt", "en")
    # relative paths are relative to the file, not to wherever the kiosk was started
    assert settings.kiosk.data_dir == tmp_path / "var"
    assert settings.printers.receipt == f"spool:{tmp_path / 'var' / 'spool'}"
    assert (tmp_path / "var" / "spool").is_dir()


def test_environment_overrides_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, '[portal]\nurl = "embedded"\n')
    env = {
        "KIOSK_PORTAL__URL": "https://portal.example.gov/",
        "KIOSK_KIOSK__IDLE_WARNING_SECONDS": "90",
        "KIOSK_KIOSK__LANGUAGES": '["en", "pt"]',
        "KIOSK_KIOSK__LANGUAGE": "en",
    }
    settings = load_settings(path, env=env)
    assert settings.portal.url == "https://portal.example.gov/"
    assert settings.kiosk.idle_warning_seconds == 90
    assert settings.kiosk.language == "en"


BAD_FILES = [
    pytest.param("[kiosk\nid = 1", "file", "not valid TOML", id="toml-syntax"),
    pytest.param(
        "[kiosk]\nidle_warnign_seconds = 60\n",
        "[kiosk] idle_warnign_seconds",
        "unknown setting",
        id="unknown-key",
    ),
    pytest.param('[printer]\nreceipt = "spool:x"\n', "[printer]", "unknown setting", id="unknown-section"),
    pytest.param(
        '[kiosk]\nidle_warning_seconds = "soon"\n',
        "[kiosk] idle_warning_seconds",
        "whole number",
        id="wrong-type",
    ),
    pytest.param('[card]\npinpad = "yes"\n', "[card] pinpad", "true or false", id="wrong-type-bool"),
    pytest.param(
        '[portal]\nurl = "portal.example.gov"\n', "[portal] url", "not a valid portal address", id="bad-url"
    ),
    pytest.param('[kiosk]\nmode = "arcade"\n', "[kiosk] mode", "allowed values", id="unknown-mode"),
    pytest.param('[kiosk]\nlanguage = "fr"\n', "[kiosk] language", "allowed values", id="unknown-language"),
    pytest.param(
        '[printers]\nreceipt = "lpt1"\n', "[printers] receipt", "not a printer target", id="bad-printer"
    ),
    pytest.param(
        "[kiosk]\nidle_grace_seconds = 5\n",
        "[kiosk] idle_grace_seconds",
        "shorter than 20",
        id="grace-too-short",
    ),
]


@pytest.mark.parametrize(("content", "key", "problem"), BAD_FILES)
def test_bad_files_name_key_value_and_fix(tmp_path: Path, content: str, key: str, problem: str) -> None:
    path = write(tmp_path, content)
    with pytest.raises(ConfigError) as caught:
        load_settings(path, env={})
    message = str(caught.value)
    assert str(path) in message
    assert key in message
    assert problem in message
    assert "fix:" in message


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"does not exist[\s\S]*fix: create it"):
        load_settings(tmp_path / "nowhere.toml", env={})


def test_unwritable_spool_folder(tmp_path: Path) -> None:
    blocker = tmp_path / "occupied"
    blocker.write_text("a file where a folder should be")
    path = write(tmp_path, f'[printers]\nreceipt = "spool:{blocker}/spool"\n')
    with pytest.raises(ConfigError) as caught:
        load_settings(path, env={})
    assert "[printers] receipt" in str(caught.value)
    assert "cannot be created or written" in str(caught.value)


def test_bad_value_from_the_environment_is_reported(tmp_path: Path) -> None:
    path = write(tmp_path, "")
    with pytest.raises(ConfigError, match=r"\[kiosk\] mode = 'arcade'"):
        load_settings(path, env={"KIOSK_KIOSK__MODE": "arcade"})


def test_cli_exits_2_without_traceback(tmp_path: Path) -> None:
    path = write(tmp_path, '[kiosk]\nmode = "arcade"\n')
    result = run_kiosk("--config", str(path), "config", "check", cwd=tmp_path)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "[kiosk] mode = 'arcade'" in result.stderr
    assert "fix: use one of: 'kiosk', 'counter', 'display'" in result.stderr


def test_cli_missing_file_exits_2(tmp_path: Path) -> None:
    result = run_kiosk("--config", str(tmp_path / "absent.toml"), "run", cwd=tmp_path)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "absent.toml" in result.stderr


def test_config_check_prints_the_effective_configuration(tmp_path: Path) -> None:
    path = write(tmp_path, '[kiosk]\nid = "lisboa-07"\n[portal]\ndevice_token = "secret-token"\n')
    result = run_kiosk(
        "--config", str(path), "config", "check", cwd=tmp_path, env={"KIOSK_CARD__READER": "auto"}
    )
    assert result.returncode == 0, result.stderr
    assert 'id = "lisboa-07"' in result.stdout
    assert 'reader = "auto"' in result.stdout
    assert "secret-token" not in result.stdout  # secrets are never printed
    assert "configuration OK" in result.stdout
