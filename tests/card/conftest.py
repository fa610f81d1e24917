"""Fixtures for the card layer tests.

The demo CA is created once per test session in a temporary folder, so tests never touch
the developer's cache and always exercise the generation path.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture(scope="session", autouse=True)
def demo_ca_directory(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    from kiosk.card.emulator import democa

    directory = tmp_path_factory.mktemp("demo-ca")
    previous = os.environ.get(democa.ENV_DIRECTORY)
    os.environ[democa.ENV_DIRECTORY] = str(directory)
    democa.authority.cache_clear()
    democa._card_credentials.cache_clear()
    yield directory
    if previous is None:
        os.environ.pop(democa.ENV_DIRECTORY, None)
    else:
        os.environ[democa.ENV_DIRECTORY] = previous
    democa.authority.cache_clear()
    democa._card_credentials.cache_clear()
