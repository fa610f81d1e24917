"""The `kiosk` command: every subcommand has --help, --version answers, and every failure is one plain line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk import __version__
from tests.helpers import run_into_a_closed_pipe

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


# --- bad conditions: one plain line on stderr, a non-zero exit, never a traceback ---------------------------

UNEXPECTED = """
import argparse, sys
from kiosk.cli_errors import run_guarded

def handler(args):
    raise RuntimeError("lookup failed for NIF 123456789, token abcdef0123456789abcdef0123456789")

sys.exit(run_guarded(handler, argparse.Namespace(config=sys.argv[1], command="demo-failure")))
"""


def unexpected_failure(config: Path, language: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", UNEXPECTED, str(config)],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "KIOSK_KIOSK__LANGUAGE": language},
        check=False,
    )


def test_an_unexpected_error_is_one_line_and_its_traceback_goes_to_the_log(demo_config: Path) -> None:
    completed = unexpected_failure(demo_config, "en")
    log = demo_config.parent / "var" / "log" / "kiosk.log"
    assert completed.returncode == 1
    assert completed.stdout == ""
    assert completed.stderr == f"kiosk: unexpected error (RuntimeError); the details are in the log {log}.\n"
    written = log.read_text(encoding="utf-8")
    assert "`kiosk demo-failure` failed" in written
    assert "Traceback (most recent call last)" in written
    assert "RuntimeError" in written
    # What the error's text carried is redacted in the log, and never reached the screen.
    assert "123456789" not in written
    assert "abcdef0123456789" not in written + completed.stderr


def test_an_unexpected_error_in_portuguese(demo_config: Path) -> None:
    completed = unexpected_failure(demo_config, "pt")
    assert completed.returncode == 1
    assert completed.stderr.startswith("kiosk: erro inesperado (RuntimeError); os pormenores estão no registo ")
    assert completed.stderr.count("\n") == 1


def without_audit_notice(errors: str) -> list[str]:
    """The lines of stderr but the one that says a card read's audit record waits in the outbox (the demo's
    portal only runs inside the app, so `kiosk card read` on the demo configuration always says it)."""
    return [line for line in errors.splitlines() if "waits in the kiosk's outbox" not in line]


@pytest.mark.parametrize(
    "command",
    [("card", "citizens"), ("config", "check"), ("card", "read", "--simulated", "maria")],
    ids=" ".join,
)
def test_a_closed_pipe_ends_any_command_quietly(demo_config: Path, command: tuple[str, ...]) -> None:
    """Like `kiosk card citizens | head -0`: the reader is gone before the first line is written."""
    code, errors = run_into_a_closed_pipe(
        [sys.executable, "-m", "kiosk", "--config", str(demo_config), *command]
    )
    assert without_audit_notice(errors) == []
    assert code == 141  # as a shell reports a program that SIGPIPE ended


def test_a_file_that_cannot_be_written_is_one_plain_line(tmp_path: Path) -> None:
    target = tmp_path / "missing-folder" / "photo.jp2"
    result = kiosk("card", "read", "--simulated", "maria", "--photo", str(target))
    assert result.returncode == 2
    assert len(without_audit_notice(result.stderr)) == 1
    assert "Traceback" not in result.stderr
