"""A pytest plugin that ends a test that hangs where pytest-timeout cannot, and shows where it hung.

pytest-timeout (``timeout = 120``, signal method) fails a test that runs too long with its traceback, in the
report like any failure. It cannot end a test whose main thread never returns to Python: a pcsc-lite call
retries its socket read when SIGALRM arrives, so the handler never runs, and an event-loop callback may
swallow the exception it raises. Such a test held a CI run until its 90 minutes ran out, with nothing printed.

Here each test also arms :func:`faulthandler.dump_traceback_later`, a C watchdog thread that needs neither the
GIL nor the main thread: 60 s after pytest-timeout should have acted, it writes every thread's stack to a file
and ends the process. Under pytest-xdist the controller reports "worker crashed while running <test>", starts
another worker and goes on; in its terminal summary it prints the stacks, found in a folder it gave the workers.
"""

from __future__ import annotations

import faulthandler
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addini(
        "watchdog_grace", "seconds after pytest-timeout's limit before the watchdog ends a test", default="60"
    )


def _limit(item: pytest.Item) -> float | None:
    marker = item.get_closest_marker("timeout")
    configured = marker.args[0] if marker and marker.args else item.config.getini("timeout")
    seconds = float(configured or 0)
    return seconds + float(item.config.getini("watchdog_grace")) if seconds > 0 else None


def _folder(config: pytest.Config) -> Path:
    """Where hung tests' stacks go: chosen by the controller (or the only process), passed to each worker."""
    workerinput: dict[str, Any] | None = getattr(config, "workerinput", None)
    if workerinput is not None and "watchdog_folder" in workerinput:
        return Path(workerinput["watchdog_folder"])
    folder: Path | None = getattr(config, "_watchdog_folder", None)
    if folder is None:
        folder = Path(tempfile.mkdtemp(prefix="pytest-watchdog-"))
        config._watchdog_folder = folder  # type: ignore[attr-defined]
    return folder


def pytest_configure(config: pytest.Config) -> None:
    _folder(config)


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node: Any) -> None:
    """xdist, in the controller: each worker writes into the controller's folder."""
    node.workerinput["watchdog_folder"] = str(_folder(node.config))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
    limit = _limit(item)
    if limit is None:
        yield
        return
    worker = getattr(item.config, "workerinput", {}).get("workerid", "main")
    path = _folder(item.config) / f"{worker}.txt"
    sink: IO[str] = path.open("w", encoding="utf-8")
    sink.write(f"{item.nodeid} ran past {limit:.0f} s; every thread's stack when it was ended:\n")
    sink.flush()
    faulthandler.dump_traceback_later(limit, exit=True, file=sink)
    try:
        yield
    finally:
        faulthandler.cancel_dump_traceback_later()
        sink.close()
        path.unlink(missing_ok=True)


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    if getattr(config, "workerinput", None) is not None:
        return
    dumps = sorted(_folder(config).glob("*.txt"))
    if not dumps:
        return
    terminalreporter.section("tests ended by the watchdog (hung past pytest-timeout)", red=True)
    for dump in dumps:
        terminalreporter.write_line(dump.read_text(encoding="utf-8", errors="replace"))
