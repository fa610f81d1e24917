"""[counter] in kiosk.toml: the project's file is valid; a bad value stops with file, key, value and fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.config import ConfigError, load_settings

ROOT = Path(__file__).resolve().parents[2]


def test_the_project_file_gives_desk_1_calling_every_category(tmp_path: Path) -> None:
    copy = tmp_path / "kiosk.toml"
    copy.write_text((ROOT / "kiosk.toml").read_text(encoding="utf-8"), encoding="utf-8")
    settings = load_settings(copy, env={})
    assert settings.counter.desk == "1"
    assert settings.counter.categories == ("A", "B", "C", "P")
    assert settings.counter.lock_seconds >= 30


def test_environment_chooses_the_desk(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.toml"
    path.write_text("", encoding="utf-8")
    env = {"KIOSK_COUNTER__DESK": '"4"', "KIOSK_COUNTER__CATEGORIES": '["B", "P"]'}
    settings = load_settings(path, env=env)
    assert settings.counter.desk == "4"
    assert settings.counter.categories == ("B", "P")


@pytest.mark.parametrize(
    ("line", "key", "words"),
    [
        ('desk = ""', "[counter] desk", "not a desk name"),
        ('desk = "desk number one"', "[counter] desk", "not a desk name"),
        ("categories = []", "[counter] categories", "at least one"),
        ('categories = ["ab"]', "[counter] categories", "not a queue category"),
        ('categories = ["a"]', "[counter] categories", "not a queue category"),
        ('categories = ["A", "A"]', "[counter] categories", "listed twice"),
        ('categories = "A"', "[counter] categories", "must be a list"),
        ("lock_seconds = 5", "[counter] lock_seconds", "shorter than 30"),
        ("till = 3", "[counter] till", "unknown setting"),
    ],
)
def test_bad_values_are_named_with_a_fix(tmp_path: Path, line: str, key: str, words: str) -> None:
    path = tmp_path / "kiosk.toml"
    path.write_text(f"[counter]\n{line}\n", encoding="utf-8")
    with pytest.raises(ConfigError) as raised:
        load_settings(path, env={})
    message = str(raised.value)
    assert str(path) in message
    assert key in message
    assert words in message
    assert "fix:" in message
