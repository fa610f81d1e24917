"""Issue 15, items 4, 5 and 9: kept answers without secrets and expiring on a schedule, every access to
personal data audited, and the seal key published from the first start. On SQLite and on PostgreSQL.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from sqlalchemy import text

from kiosk.seal import verify_seal
from portal.i18n import message
from portal.security import normalise_code
from tests.portal.conftest import (
    BACKENDS,
    REPO,
    RunningPortal,
    database,
    idempotency_key,
    portal_command,
    start_portal,
    stop_portal,
)
from tests.portal.sessions import citizen_login, self_signed_login, signed_in, staff_signed_in


@dataclass(frozen=True)
class FreshPortal:
    portal: RunningPortal
    first_trust_list: dict[str, Any]
    """What a terminal caching the trust list at once gets, before any document was issued."""


@pytest.fixture(scope="module", params=BACKENDS)
def fresh(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[FreshPortal]:
    """A freshly seeded portal whose housekeeping runs every second."""
    folder = tmp_path_factory.mktemp(f"hardening-{request.param}")
    with database(request.param, folder) as url:
        running = start_portal(url, folder, "--login-rate-per-minute", "100000", "--housekeeping-seconds", "1")
        try:
            first = httpx.get(f"{running.url}/v1/trust-list", timeout=10).json()
            yield FreshPortal(running, first)
        finally:
            stop_portal(running)


def query(database_url: str, statement: str, **values: Any) -> list[tuple[Any, ...]]:
    """Read the portal's database directly, as someone holding a copy of it would."""
    from portal.db import create_engine

    async def run() -> list[tuple[Any, ...]]:
        engine = create_engine(database_url)
        try:
            async with engine.begin() as connection:
                result = await connection.execute(text(statement), values)
                return [tuple(row) for row in result.all()] if result.returns_rows else []
        finally:
            await engine.dispose()

    return asyncio.run(run())


def submit(client: httpx.Client, key: str, service: str = "INFO-SHEET", **answers: Any) -> httpx.Response:
    return client.post(
        "/v1/applications", json={"service_code": service, "answers": answers}, headers={"Idempotency-Key": key}
    )


def key_digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def cli(*args: str) -> str:
    result = subprocess.run(
        portal_command(*args), cwd=REPO, capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


# --- item 9: the seal key exists from the start ---------------------------------------------------------


def test_a_fresh_portal_publishes_its_seal_key_and_an_early_copy_verifies_later_documents(
    fresh: FreshPortal,
) -> None:
    assert len(fresh.first_trust_list["keys"]) == 1
    with fresh.portal.kiosk() as client:
        response = submit(client, idempotency_key())
        assert response.status_code == 201, response.text
    seal = response.json()["documents"][0]["seal"]
    # Offline: only the copy taken before anything was issued.
    verified = verify_seal(seal, fresh.first_trust_list)
    assert verified.valid
    assert verified.kid == fresh.first_trust_list["keys"][0]["kid"]


@pytest.mark.parametrize("backend", BACKENDS)
def test_migrate_alone_creates_the_seal_key(backend: str, tmp_path: Path) -> None:
    with database(backend, tmp_path) as url:
        cli("migrate", "--db", url)
        cli("migrate", "--db", url)
        assert query(url, "SELECT count(*) FROM seal_keys") == [(1,)]


# --- item 4: what is kept for a retry ------------------------------------------------------------------


def test_kept_answers_hold_no_access_code_name_or_key_and_still_replay_byte_for_byte(
    fresh: FreshPortal,
) -> None:
    key = idempotency_key()
    with signed_in(fresh.portal, "maria") as client:
        first = submit(client, key)
        again = submit(client, key)
        other = submit(client, key, "INFO-SHEET", unexpected="answer")
    assert first.status_code == 201, first.text
    assert again.status_code == 201
    assert again.content == first.content, "a retry gets the first answer, byte for byte"
    assert other.status_code == 409
    document = first.json()["documents"][0]
    code, holder = document["access_code"], document["holder"]
    assert code
    assert holder
    rows = query(fresh.portal.database_url, "SELECT * FROM idempotency_records")
    stored = repr(rows)
    assert key_digest(key) in stored, "the record is there"
    for secret in (code, normalise_code(code), holder, *holder.split(), key, first.json()["reference"]):
        assert secret not in stored, f"{secret!r} is readable in the kept answer"
    # And the database holds no other plain copy of the access code.
    assert code not in repr(query(fresh.portal.database_url, "SELECT * FROM documents"))


def test_a_conflicting_retry_is_refused_without_reading_the_answer(fresh: FreshPortal) -> None:
    key = idempotency_key()
    with fresh.portal.kiosk() as client:
        assert submit(client, key).status_code == 201
        conflict = submit(client, key, "REPORT-PROBLEM")
    assert conflict.status_code == 409, conflict.text


def age_kept_answer(portal: RunningPortal, key: str, days: int) -> None:
    query(
        portal.database_url,
        "UPDATE idempotency_records SET created_at = :moment WHERE key = :digest",
        moment=dt.datetime.now(dt.UTC) - dt.timedelta(days=days),
        digest=key_digest(key),
    )


def kept(portal: RunningPortal, key: str) -> bool:
    rows = query(
        portal.database_url, "SELECT count(*) FROM idempotency_records WHERE key = :d", d=key_digest(key)
    )
    return bool(rows[0][0])


def test_kept_answers_expire_on_the_running_portals_schedule(fresh: FreshPortal) -> None:
    old, recent = idempotency_key(), idempotency_key()
    with fresh.portal.kiosk() as client:
        assert submit(client, old).status_code == 201
        assert submit(client, recent).status_code == 201
    age_kept_answer(fresh.portal, old, days=8)
    deadline = time.monotonic() + 30
    while kept(fresh.portal, old) and time.monotonic() < deadline:
        time.sleep(0.5)
    assert not kept(fresh.portal, old), "the housekeeping task removed the week-old answer while serving"
    assert kept(fresh.portal, recent)


@pytest.mark.parametrize("backend", BACKENDS)
def test_purge_removes_expired_answers_on_demand(backend: str, tmp_path: Path) -> None:
    with database(backend, tmp_path) as url:
        running = start_portal(url, tmp_path)
        try:
            old, recent = idempotency_key(), idempotency_key()
            with running.kiosk() as client:
                assert submit(client, old).status_code == 201
                assert submit(client, recent).status_code == 201
            age_kept_answer(running, old, days=8)
            output = cli("purge", "--db", url)
            assert output.startswith("removed ")
            assert "expired" in output
            assert not kept(running, old)
            assert kept(running, recent)
        finally:
            stop_portal(running)


# --- item 5: every access to personal data is audited --------------------------------------------------


def audit_events(portal: RunningPortal, **params: Any) -> list[dict[str, Any]]:
    with staff_signed_in(portal, "supervisor") as client:
        response = client.get("/v1/audit", params={"limit": 500, **params})
        assert response.status_code == 200, response.text
        events: list[dict[str, Any]] = response.json()
        return events


def test_an_anonymous_submission_is_audited_with_device_and_service(fresh: FreshPortal) -> None:
    with fresh.portal.kiosk() as client:
        response = submit(client, idempotency_key())
    reference = response.json()["reference"]
    [event] = [e for e in audit_events(fresh.portal) if e["object_ref"] == reference]
    assert event["action"] == "application.create"
    assert event["actor"].startswith("device:")
    assert event["device_id"] == event["actor"].removeprefix("device:")
    assert event["channel"] == "kiosk"
    assert event["purpose"] == "INFO-SHEET"
    assert event["subject_person_id"] is None


def test_an_anonymous_application_read_back_by_its_terminal_is_audited(fresh: FreshPortal) -> None:
    with fresh.portal.kiosk() as client:
        reference = submit(client, idempotency_key()).json()["reference"]
        assert client.get(f"/v1/applications/{reference}").status_code == 200
    [event] = [
        e
        for e in audit_events(fresh.portal)
        if e["object_ref"] == reference and e["action"] == "application.read"
    ]
    assert event["actor"].startswith("device:")
    assert event["purpose"] == "anonymous application, sending terminal"
    assert event["subject_person_id"] is None


def test_card_reads_at_a_kiosk_are_audited_with_the_device(fresh: FreshPortal) -> None:
    before = {e["at"] for e in audit_events(fresh.portal)}
    with signed_in(fresh.portal, "joao"):
        pass
    new = [e for e in audit_events(fresh.portal) if e["at"] not in before]
    actions = {e["action"] for e in new}
    assert {"card.challenge", "login"} <= actions
    challenge_event = next(e for e in new if e["action"] == "card.challenge")
    assert challenge_event["channel"] == "kiosk"
    assert challenge_event["device_id"]
    login = next(e for e in new if e["action"] == "login" and e["actor"].startswith("citizen:"))
    assert login["subject_person_id"]
    assert login["device_id"] == challenge_event["device_id"]


def test_a_refused_card_is_audited_with_the_reason_and_nothing_it_claims(fresh: FreshPortal) -> None:
    with fresh.portal.kiosk() as client:
        response = self_signed_login(client, "Forged Person Name", "BI99887766")
    assert response.status_code == 401
    refused = [e for e in audit_events(fresh.portal) if e["action"] == "login.refused"]
    assert refused, "the refused card read left no trace"
    assert refused[0]["purpose"] == "citizen card login: untrusted_issuer"
    assert refused[0]["subject_person_id"] is None
    everything = repr(audit_events(fresh.portal))
    assert "Forged Person Name" not in everything
    assert "99887766" not in everything


# --- item 7, through the running portal: revocation lists that are out of date prove nothing ------------


def demo_crl(issuer_der: bytes, key: Any, issued: dt.datetime, *revoked: int) -> bytes:
    issuer = x509.load_der_x509_certificate(issuer_der)
    builder = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(issuer.subject)
        .last_update(issued)
        .next_update(issued + dt.timedelta(days=7))
    )
    for serial in revoked:
        builder = builder.add_revoked_certificate(
            x509.RevokedCertificateBuilder().serial_number(serial).revocation_date(issued).build()
        )
    return builder.sign(key, hashes.SHA256()).public_bytes(serialization.Encoding.DER)


@pytest.mark.parametrize(
    ("card_ca_crl_age_days", "revoke_maria", "expected"),
    [(372, False, "revocation_unknown"), (1, True, "certificate_revoked"), (1, False, None)],
)
def test_demo_card_logins_follow_the_configured_revocation_lists(
    tmp_path: Path, card_ca_crl_age_days: int, revoke_maria: bool, expected: str | None
) -> None:
    from kiosk.card.emulator.citizens import find_citizen
    from kiosk.card.emulator.democa import authority, card_credentials

    demo = authority()
    now = dt.datetime.now(dt.UTC)
    maria = x509.load_der_x509_certificate(card_credentials(find_citizen("maria"), "pt-cc1").auth_certificate)
    crls = tmp_path / "crls"
    crls.mkdir()
    (crls / "root.crl").write_bytes(demo_crl(demo.root_certificate, demo.root_key, now - dt.timedelta(days=1)))
    revoked = (maria.serial_number,) if revoke_maria else ()
    card_ca_crl = demo_crl(
        demo.sub_ca_certificate, demo.sub_ca_key, now - dt.timedelta(days=card_ca_crl_age_days), *revoked
    )
    (crls / "card-ca.crl").write_bytes(card_ca_crl)
    running = start_portal(f"sqlite:///{tmp_path / 'crl.db'}", tmp_path, "--revocation-list-dir", str(crls))
    try:
        with running.kiosk() as client:
            response = citizen_login(client, "maria")
    finally:
        stop_portal(running)
    if expected is None:
        assert response.status_code == 201, response.text
    else:
        assert response.status_code == 401
        assert response.json()["detail"] == message("en", f"problem.card.{expected}")
