"""The `kiosk portal` commands, run as the operator runs them (subprocesses on real databases)."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import httpx

from tests.portal.conftest import REPO, RunningPortal, portal_command


def run(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        portal_command(*args), cwd=REPO, input=stdin, capture_output=True, text=True, timeout=60, check=False
    )


def test_bad_database_url_is_one_plain_line(tmp_path: Path) -> None:
    result = run("migrate", "--db", "mysql://nobody@nowhere/db")
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert "unsupported database" in result.stderr
    assert "Traceback" not in result.stderr


def test_unreachable_database_is_one_plain_line() -> None:
    result = run("migrate", "--db", "postgresql://nobody@127.0.0.1:1/none")
    assert result.returncode == 2
    assert "cannot use the database" in result.stderr
    assert "Traceback" not in result.stderr


def test_migrate_is_repeatable_and_seed_prints_demo_tokens(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'p.db'}"
    assert run("migrate", "--db", url).returncode == 0
    assert run("migrate", "--db", url).returncode == 0
    seeded = run("seed-demo", "--db", url, "--token-file", str(tmp_path / "token"))
    assert seeded.returncode == 0, seeded.stderr
    token = (tmp_path / "token").read_text().strip()
    assert token in seeded.stdout
    assert run("seed-demo", "--db", url).returncode == 0


def test_new_device_credential_works_and_revocation_takes_effect(portal: RunningPortal) -> None:
    name = f"Test kiosk {time.monotonic_ns()}"
    created = run("create-device", "--db", portal.database_url, "--name", name, "--kind", "counter")
    assert created.returncode == 0, created.stderr
    token = created.stdout.strip()
    assert token.startswith("dev_")
    with portal.client(token) as client:
        assert client.get("/v1/catalog/themes").status_code == 200
        revoked = run("revoke-device", "--db", portal.database_url, "--name", name)
        assert revoked.returncode == 0, revoked.stderr
        deadline = time.monotonic() + 10
        status = 200
        while status == 200 and time.monotonic() < deadline:
            time.sleep(0.5)
            status = client.get("/v1/catalog/themes").status_code
    assert status == 401
    again = run("revoke-device", "--db", portal.database_url, "--name", name)
    assert again.returncode == 2


def test_create_staff_reads_the_password_from_stdin(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'staff.db'}"
    short = run("create-staff", "--db", url, "--username", "ana", "--display-name", "Ana", stdin="short\n")
    assert short.returncode == 2
    assert "12 characters" in short.stderr
    ok = run(
        "create-staff",
        "--db",
        url,
        "--username",
        "ana",
        "--display-name",
        "Ana",
        "--role",
        "supervisor",
        stdin="a-long-enough-password\n",
    )
    assert ok.returncode == 0, ok.stderr
    assert "a-long-enough-password" not in ok.stdout + ok.stderr
    duplicate = run(
        "create-staff",
        "--db",
        url,
        "--username",
        "ana",
        "--display-name",
        "Ana",
        stdin="another-long-password\n",
    )
    assert duplicate.returncode == 2
    assert "already exists" in duplicate.stderr


def test_serve_refuses_a_bad_port_plainly() -> None:
    result = run("serve", "--db", "sqlite:///x.db", "--port", "70000")
    assert result.returncode == 2
    assert "--port 70000" in result.stderr


def test_serve_outside_the_demo_refuses_to_start_without_a_digest_key(tmp_path: Path) -> None:
    """Without the key the civil ids of appointment holders and clerks' cards would be digested under the
    published demo key; a real portal says what to do instead of starting so."""
    database = tmp_path / "real.db"
    result = run("serve", "--db", f"sqlite:///{database}", "--port", "1")
    assert result.returncode == 2
    assert "--digest-key-file is needed outside --demo" in result.stderr
    assert "head -c 32 /dev/urandom" in result.stderr
    assert "Traceback" not in result.stderr
    assert not database.exists()  # refused before anything was created


def test_serve_runs_several_workers_on_one_database(tmp_path: Path) -> None:
    from tests.portal.conftest import start_portal, stop_portal

    running = start_portal(f"sqlite:///{tmp_path / 'multi.db'}", tmp_path, "--workers", "2")
    try:
        with running.kiosk() as client:
            answers = [client.get("/v1/catalog/services").status_code for _ in range(10)]
        assert set(answers) == {200}
        assert httpx.get(f"{running.url}/v1/health").json() == {"status": "ok"}
    finally:
        stop_portal(running)
