"""How the suite is laid out for pytest-xdist (tests/conftest.py)."""

from __future__ import annotations

import pytest

from tests.conftest import SERIAL_FIXTURES, SERIAL_FOLDERS


def test_tests_that_share_the_card_reader_run_on_one_worker(request: pytest.FixtureRequest) -> None:
    """Under --dist loadgroup, xdist reads the group into each test's id: a hook that marks tests after xdist
    has read the marks leaves the card tests spread over every worker, fighting over the two vpcd readers."""
    sharing = [
        item
        for item in request.session.items
        if item.path.parent.name in SERIAL_FOLDERS or SERIAL_FIXTURES & set(getattr(item, "fixturenames", ()))
    ]
    assert sharing, "the suite has tests that use the card reader"
    assert all(item.get_closest_marker("xdist_group") for item in sharing)
    if request.config.getoption("dist", "no") == "loadgroup":
        assert all(item.nodeid.endswith("@real-card-reader") for item in sharing)


def test_pilot_tests_click_through_the_suite_s_click() -> None:
    """Pilot.click aims at a widget's region as it is when called; tests/helpers.py click waits until the widget
    is laid out and fails when the click lands elsewhere. A test that calls Pilot.click itself brings back the
    clicks that land on nothing under load (tests/test_click_helper.py shows one)."""
    from pathlib import Path

    tests = Path(__file__).resolve().parent
    allowed = {tests / "helpers.py", tests / "test_click_helper.py", Path(__file__).resolve()}
    direct = [
        f"{path.relative_to(tests)}:{number}"
        for path in sorted(tests.rglob("*.py"))
        if path not in allowed
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if "pilot.click(" in line
    ]
    assert direct == []
