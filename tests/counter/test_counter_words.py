"""What the counter says, headless: every kiosk screen a person can call a clerk from has words at the counter
(QA M10: the panel showed the internal id, "screen attract"), in both languages."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest
from textual.screen import Screen

import screens.citizen
import screens.dialogs
from kiosk.i18n import catalog
from screens.widgets.call_clerk import screen_name


def kiosk_screen_names() -> set[str]:
    """The names screens/widgets/call_clerk.py sends for every screen of the kiosk (citizen pages, dialogs)."""
    names = set()
    for package in (screens.citizen, screens.dialogs):
        for module_info in pkgutil.iter_modules(package.__path__):
            module = importlib.import_module(f"{package.__name__}.{module_info.name}")
            for _, cls in inspect.getmembers(module, inspect.isclass):
                if issubclass(cls, Screen) and cls.__module__ == module.__name__:
                    names.add(screen_name(cls.__new__(cls)))
    return names


@pytest.mark.parametrize("language", ["pt", "en"])
def test_every_kiosk_screen_has_words_at_the_counter(language: str) -> None:
    words = catalog(language)
    names = kiosk_screen_names()
    assert {"attract", "home", "question", "pin_dialog"} <= names
    missing = sorted(name for name in names if f"counter.help.where.{name}" not in words)
    assert not missing, f"counter.help.where.* in kiosk/i18n/{language}/counter.toml lacks {missing}"
    assert "counter.help.where.other" in words
    shown = {words[f"counter.help.where.{name}"] for name in names}
    assert len(shown) == len(names), "two screens read the same"
