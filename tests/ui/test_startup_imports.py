"""The kiosk's first paint carries nothing it does not show: the rules that keep its start near a bare app's.

bench/startup.py measures the start against a bare Textual app (issue 12: ratio at most 1.3). These tests pin
what that figure rests on, so a new mode, screen or dependency cannot slip onto the path unnoticed: the modules
loaded when the attract screen is first painted (in a fresh interpreter, as `kiosk run` starts), the kiosk
mode's screen taken as Textual's default screen, and the text catalog read back compiled while no text changed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.startup import KIOSK_FIRST_PAINT
from kiosk import i18n

ROOT = Path(__file__).resolve().parents[2]

FIRST_PAINT = KIOSK_FIRST_PAINT.replace(
    "ON_PAINT",
    'import json; print(json.dumps({"modules": sorted(sys.modules), "screen": type(self.screen).__name__, '
    '"mode": self.current_mode}), flush=True)',
)

NOT_BEFORE_FIRST_PAINT = [
    # other modes' and later screens
    "screens.counter.navigation",
    "screens.counter.login",
    "screens.display",
    "screens.admin",
    "screens.dialogs",
    "screens.citizen.home",
    "screens.citizen.question",
    "screens.citizen.confirmation",
    # the headless core and what it drives: made after the first paint, in start_services
    "kiosk.core",
    "kiosk.journey",
    "kiosk.client",
    "kiosk.counter",
    "kiosk.session",
    "kiosk.admin",  # kiosk.config checks only the admin PIN hash's format (kiosk.pin_hash), never hashes
    "hashlib",  # nothing is hashed before the first screen (it loads OpenSSL)
    "printing.documents",
    # heavy libraries the attract screen does not need
    "reportlab",
    "qrcode",
    "PIL",
    "httpx",
    "smartcard",
    "fastapi",
    "sqlalchemy",
    "portal.app",
]


def first_paint(tmp_path: Path) -> dict[str, object]:
    config = tmp_path / "kiosk.toml"
    # A portal nobody answers: the kiosk paints without waiting for it.
    config.write_text(f'[kiosk]\ndata_dir = "{tmp_path}"\n[portal]\nurl = "http://127.0.0.1:9/"\n')
    env = {**os.environ, "TEXTUAL_ANIMATIONS": "none"}
    done = subprocess.run(
        [sys.executable, "-c", FIRST_PAINT, str(config)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def test_the_first_paint_loads_no_other_mode_screen_core_or_heavy_library(tmp_path: Path) -> None:
    painted = first_paint(tmp_path)
    assert painted["screen"] == "AttractScreen"
    assert painted["mode"] == "kiosk"
    modules = painted["modules"]
    assert isinstance(modules, list)
    loaded = [
        name
        for name in modules
        for unwanted in NOT_BEFORE_FIRST_PAINT
        if name == unwanted or name.startswith(f"{unwanted}.")
    ]
    assert loaded == [], f"loaded before the attract screen's first paint: {loaded}"


# --- the text catalog, compiled -------------------------------------------------------------------------------


@pytest.fixture
def texts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A copy of the catalogs' folder as the catalogs' home, its compiled tables kept under tmp_path."""
    home = tmp_path / "i18n"
    home.mkdir()
    for language in i18n.LANGUAGES:
        (home / f"{language}.toml").write_bytes((i18n.HERE / f"{language}.toml").read_bytes())
        (home / language).mkdir()
        for part in (i18n.HERE / language).glob("*.toml"):
            (home / language / part.name).write_bytes(part.read_bytes())
    monkeypatch.setattr(i18n, "HERE", home)
    monkeypatch.setattr(sys, "pycache_prefix", str(tmp_path / "pycache"))
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    i18n.catalog.cache_clear()
    yield home
    i18n.catalog.cache_clear()


def test_the_compiled_catalog_is_read_back_with_the_same_texts(
    texts: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parsed = i18n.catalog("pt")
    assert i18n._compiled_path("pt").is_file()
    i18n.catalog.cache_clear()

    def no_parsing(_paths: list[Path]) -> dict[str, str]:
        raise AssertionError("the TOML files were parsed again although none changed")

    monkeypatch.setattr(i18n, "_merge", no_parsing)
    assert i18n.catalog("pt") == parsed
    assert i18n.text("pt", "app.title") == parsed["app.title"]


def test_a_changed_text_file_is_read_again(texts: Path) -> None:
    i18n.catalog("en")
    i18n.catalog.cache_clear()
    (texts / "en" / "zz_new_part.toml").write_text('[startup_test]\ngreeting = "Good morning"\n')
    assert i18n.text("en", "startup_test.greeting") == "Good morning"
    i18n.catalog.cache_clear()
    (texts / "en" / "zz_new_part.toml").write_text('[startup_test]\ngreeting = "Good evening, all"\n')
    assert i18n.text("en", "startup_test.greeting") == "Good evening, all"


def test_a_key_defined_twice_is_still_an_error_with_a_compiled_catalog(texts: Path) -> None:
    i18n.catalog("pt")
    i18n.catalog.cache_clear()
    (texts / "pt" / "zz_twice.toml").write_text('[app]\ntitle = "Outra vez"\n')
    with pytest.raises(ValueError, match=r"zz_twice\.toml defines texts already defined elsewhere"):
        i18n.catalog("pt")


def test_a_read_only_install_parses_the_files_each_time(texts: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "dont_write_bytecode", True)  # Python would not write its bytecode either
    assert i18n.text("pt", "app.title")
    assert not i18n._compiled_path("pt").exists()
