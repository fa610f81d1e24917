"""Every status or error text on a citizen screen or dialog is a StatusLine, so it is said when it changes.

The check reads each module under screens/citizen/ and screens/dialogs/ and finds every widget made with an id
that names a status or an error (…-status, …-problem, …-error, …-progress, error-summary, …-warning, …-tries,
…-countdown, …-outcome, …-verdict, …-notice, message, results-heading): the class it is made with must be a
StatusLine. A new screen that shows one in a plain Static fails here, before anyone hears it stay silent.
"""

from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path

import pytest
from textual.widgets import Static

from screens.widgets.status_line import StatusLine
from tests.conftest import ROOT

FOLDERS = ("screens/citizen", "screens/dialogs")
STATUS_ID = re.compile(
    r"(^|-)(status|problem|error|progress|warning|tries|countdown|outcome|verdict|notice|message)$"
    r"|^error-summary$|^results-heading$"
)


def status_widgets_not_spoken(source: str, namespace: dict[str, object]) -> list[str]:
    """'Class#id' for every widget made in ``source`` with a status-like id whose class is a Static but not a
    StatusLine (``namespace`` resolves the class names, as the module imports them)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
            continue
        widget_id = next(
            (k.value.value for k in node.keywords if k.arg == "id" and isinstance(k.value, ast.Constant)), None
        )
        made = namespace.get(node.func.id)
        if not (isinstance(widget_id, str) and STATUS_ID.search(widget_id) and isinstance(made, type)):
            continue
        if issubclass(made, Static) and not issubclass(made, StatusLine):
            found.append(f"{node.func.id}#{widget_id}")
    return found


def modules() -> list[Path]:
    return sorted(
        path for folder in FOLDERS for path in (ROOT / folder).glob("*.py") if path.stem != "__init__"
    )


@pytest.mark.parametrize("path", modules(), ids=lambda path: f"{path.parent.name}/{path.stem}")
def test_status_and_error_lines_are_spoken(path: Path) -> None:
    module = importlib.import_module(".".join(path.relative_to(ROOT).with_suffix("").parts))
    assert status_widgets_not_spoken(path.read_text(encoding="utf-8"), vars(module)) == []


def test_the_check_finds_a_silent_status() -> None:
    source = (
        'Static(id="pay-status")\nStatusLine(id="paper-problem")\nStatic(id="heading")\nStatic(id="message")'
    )
    found = status_widgets_not_spoken(source, {"Static": Static, "StatusLine": StatusLine})
    assert found == ["Static#pay-status", "Static#message"]


def test_every_folder_has_screens() -> None:
    assert len(modules()) >= 15  # the walk really walks the screens
