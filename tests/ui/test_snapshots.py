"""Snapshots of the screens that need no portal, in both languages and two terminal sizes."""

from __future__ import annotations

import pytest

from kiosk.config import Settings
from screens.app import KioskApp


class StillKiosk(KioskApp):
    """The kiosk without background services, so the picture does not depend on timing."""

    def start_services(self) -> None:
        return None


@pytest.mark.parametrize("language", ["pt", "en"])
@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_attract_screen(snap_compare, demo_settings: Settings, language: str, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    app = StillKiosk(demo_settings)
    app.language = language
    assert snap_compare(app, terminal_size=size)
