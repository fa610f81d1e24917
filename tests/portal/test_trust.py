"""Seal key rotation, and which CAs a portal trusts: the demo CA only in a demo configuration."""

from __future__ import annotations

import base64
import os
import subprocess
from pathlib import Path

import httpx

from kiosk.seal import verify_seal
from tests.portal.conftest import REPO, idempotency_key, portal_command, real_portal, start_portal, stop_portal
from tests.portal.sessions import card_answer


def cli(*args: str) -> str:
    result = subprocess.run(
        portal_command(*args), cwd=REPO, capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def issue_info_sheet(client: httpx.Client) -> str:
    response = client.post(
        "/v1/applications",
        json={"service_code": "INFO-SHEET", "answers": {}},
        headers={"Idempotency-Key": idempotency_key()},
    )
    assert response.status_code == 201, response.text
    seal: str = response.json()["documents"][0]["seal"]
    return seal


def test_rotation_signs_new_documents_with_a_new_key_and_keeps_old_ones_valid(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'rotate.db'}"
    running = start_portal(url, tmp_path)
    try:
        with running.kiosk() as client:
            old_seal = issue_info_sheet(client)
            cli("rotate-seal-key", "--db", url)
            new_seal = issue_info_sheet(client)
            trust_list = client.get("/v1/trust-list").json()
    finally:
        stop_portal(running)
    assert len(trust_list["keys"]) == 2
    old, new = verify_seal(old_seal, trust_list), verify_seal(new_seal, trust_list)
    assert old.valid
    assert new.valid
    assert old.kid != new.kid
    assert {old.kid, new.kid} == {key["kid"] for key in trust_list["keys"]}


def test_a_portal_without_demo_refuses_demo_cards(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'prod.db'}"
    cli("migrate", "--db", url)
    token = cli("create-device", "--db", url, "--name", "Production kiosk")
    digest_key = tmp_path / "digest.key"
    digest_key.write_bytes(os.urandom(32))
    options = ("--trusted-ca-dir", str(tmp_path), "--digest-key-file", str(digest_key))
    headers = {"Authorization": f"Bearer {token}", "Accept-Language": "en"}
    with (
        real_portal(url, tmp_path / "portal.log", *options) as base,
        httpx.Client(base_url=base, headers=headers) as client,
    ):
        services = client.get("/v1/catalog/services").json()
        issued = client.post("/v1/auth/citizen/challenge").json()
        answer = card_answer("maria", base64.b64decode(issued["challenge"]))
        login = client.post("/v1/auth/citizen/session", json={"challenge_id": issued["challenge_id"], **answer})
    assert len(services) >= 30, "serve loads the standard catalog into an empty database"
    assert login.status_code == 401
    assert "trusted" in login.json()["detail"]
