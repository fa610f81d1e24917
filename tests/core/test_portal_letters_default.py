"""QA M12: `kiosk portal letters` reads the portal database of the kiosk's configuration (data_dir, where
`kiosk demo` keeps it), not ./portal.db, and never makes an empty database where there was none."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def kiosk(config: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if key != "PORTAL_DATABASE_URL"}
    return subprocess.run(
        [sys.executable, "-m", "kiosk", "--config", str(config), "portal", *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=cwd,
        env={**env, "PYTHONPATH": str(Path(__file__).resolve().parents[2])},
    )


def test_letters_read_the_configured_database_and_make_none(tmp_path: Path) -> None:
    config = tmp_path / "terminal" / "kiosk.toml"
    config.parent.mkdir()
    config.write_text('[kiosk]\ndata_dir = "data"\n', encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"  # where the operator happens to stand
    elsewhere.mkdir()
    database = config.parent / "data" / "portal.sqlite"

    nothing_yet = kiosk(config, elsewhere, "letters")
    assert nothing_yet.returncode == 2
    assert f"no portal database at {database}" in nothing_yet.stderr
    assert "Traceback" not in nothing_yet.stderr
    assert not database.exists(), "a read made an empty database"
    assert list(elsewhere.iterdir()) == []

    made = kiosk(config, elsewhere, "migrate")  # as `kiosk demo` does on its first start
    assert made.returncode == 0, made.stderr
    assert database.is_file()
    letters = kiosk(config, elsewhere, "letters")
    assert letters.returncode == 0, letters.stderr
    assert "no letters to send" in letters.stdout
    assert list(elsewhere.iterdir()) == []  # no ./portal.db

    named = kiosk(config, elsewhere, "letters", "--db", f"sqlite:///{tmp_path / 'other.sqlite'}")
    assert named.returncode == 2  # --db still names another one, and it is not made either
    assert not (tmp_path / "other.sqlite").exists()
