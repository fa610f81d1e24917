"""The `kiosk` command: every subcommand has --help, and --version answers."""

from __future__ import annotations

import subprocess
import sys

import pytest

from kiosk import __version__

SUBCOMMANDS = ["run", "demo", "portal", "card", "print", "verify", "config"]


def kiosk(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kiosk", *args], capture_output=True, text=True, timeout=60)


def test_version() -> None:
    result = kiosk("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"kiosk {__version__}"


def test_top_level_help_lists_every_subcommand() -> None:
    result = kiosk("--help")
    assert result.returncode == 0
    for name in SUBCOMMANDS:
        assert name in result.stdout


@pytest.mark.parametrize("name", SUBCOMMANDS)
def test_each_subcommand_has_help(name: str) -> None:
    result = kiosk(name, "--help")
    assert result.returncode == 0, result.stderr
    assert f"usage: kiosk {name}" in result.stdout


def test_unknown_subcommand_is_a_usage_error() -> None:
    result = kiosk("fly")
    assert result.returncode == 2
    assert "invalid choice" in result.stderr
