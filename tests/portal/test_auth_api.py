"""Sign-in over HTTP: a card from the emulator signs the portal's challenge; staff passwords; sessions."""

from __future__ import annotations

import base64
import datetime as dt
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from portal.content.demo_people import DEMO_STAFF
from tests.portal.conftest import RunningPortal, idempotency_key
from tests.portal.sessions import card_answer, challenge, citizen_login, self_signed_login, signed_in


@pytest.mark.parametrize("citizen", ["maria", "joao", "ines", "leonor", "elodie", "lucas"])
def test_card_login_opens_a_session_for_the_card_holder(portal: RunningPortal, citizen: str) -> None:
    with portal.kiosk() as client:
        response = citizen_login(client, citizen)
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["kind"] == "citizen"
    assert body["session_token"].startswith("ses_")
    from kiosk.card.emulator.citizens import find_citizen

    assert body["person"]["surname"] == find_citizen(citizen).surname
    expires = dt.datetime.fromisoformat(body["expires_at"])
    assert dt.timedelta(0) < expires - dt.datetime.now(dt.UTC) <= dt.timedelta(minutes=15)


def test_a_challenge_works_once_and_only_with_its_signature(portal: RunningPortal) -> None:
    with portal.kiosk() as client:
        issued = challenge(client)
        other = challenge(client)
        answer = card_answer("maria", base64.b64decode(other["challenge"]))
        wrong = client.post("/v1/auth/citizen/session", json={"challenge_id": issued["challenge_id"], **answer})
        replay = client.post(
            "/v1/auth/citizen/session", json={"challenge_id": issued["challenge_id"], **answer}
        )
    assert wrong.status_code == 401
    assert "signature" in wrong.json()["detail"]
    assert replay.status_code == 401
    assert "challenge" in replay.json()["detail"]


def test_one_signed_challenge_sent_many_times_at_once_opens_one_session(portal: RunningPortal) -> None:
    with portal.kiosk() as client:
        issued = challenge(client)
    signed = card_answer("joao", base64.b64decode(issued["challenge"]))
    answer = {"challenge_id": issued["challenge_id"], **signed}

    def send(_: int) -> int:
        with portal.kiosk() as client:
            return client.post("/v1/auth/citizen/session", json=answer).status_code

    with ThreadPoolExecutor(8) as pool:
        statuses = sorted(pool.map(send, range(8)))
    assert statuses == [201] + [401] * 7


def test_a_challenge_is_refused_on_another_device(portal: RunningPortal) -> None:
    with portal.kiosk() as client:
        issued = challenge(client)
    signed = card_answer("maria", base64.b64decode(issued["challenge"]))
    answer = {"challenge_id": issued["challenge_id"], **signed}
    with portal.client(portal.counter_token) as counter:
        stolen = counter.post("/v1/auth/citizen/session", json=answer)
    with portal.kiosk() as client:
        own = client.post("/v1/auth/citizen/session", json=answer)
    assert stolen.status_code == 401
    assert own.status_code == 201, "a refused attempt from elsewhere must not use up the kiosk's challenge"


def test_a_card_from_an_unknown_ca_is_refused(portal: RunningPortal, tmp_path: Path) -> None:
    with portal.kiosk() as client:
        response = self_signed_login(client, "Forged", "12345678")
    assert response.status_code == 401
    assert "trusted" in response.json()["detail"]


def test_a_session_is_bound_to_its_device(portal: RunningPortal) -> None:
    with signed_in(portal, "maria") as kiosk, portal.client(portal.counter_token) as counter:
        counter.headers["X-Session-Token"] = kiosk.headers["X-Session-Token"]
        assert kiosk.get("/v1/applications").status_code == 200
        stolen = counter.get("/v1/applications")
    assert stolen.status_code == 401


def test_signing_out_ends_the_session(portal: RunningPortal) -> None:
    with signed_in(portal, "joao") as client:
        assert client.delete("/v1/auth/session").status_code == 204
        assert client.get("/v1/applications").status_code == 401


def test_a_citizen_sees_only_their_own_applications(portal: RunningPortal) -> None:
    body = {"service_code": "TAX-STATUS", "answers": {"purpose": "bank"}}
    with signed_in(portal, "maria") as maria, signed_in(portal, "joao") as joao:
        created = maria.post("/v1/applications", json=body, headers={"Idempotency-Key": idempotency_key()})
        assert created.status_code == 201, created.text
        reference = created.json()["reference"]
        mine = [item["reference"] for item in maria.get("/v1/applications").json()]
        theirs = [item["reference"] for item in joao.get("/v1/applications").json()]
        other_read = joao.get(f"/v1/applications/{reference}")
        own_read = maria.get(f"/v1/applications/{reference}")
    assert reference in mine
    assert reference not in theirs
    assert other_read.status_code == 404
    assert own_read.status_code == 200
    document = created.json()["documents"][0]
    assert document["holder"] == "Maria João Gonçalves Conceição"


def test_staff_sign_in_only_at_counters_with_the_right_password(portal: RunningPortal) -> None:
    username, _, role, password = DEMO_STAFF[0]
    with portal.client(portal.counter_token) as counter, portal.kiosk() as kiosk:
        good = counter.post("/v1/auth/staff/session", json={"username": username, "password": password})
        bad = counter.post("/v1/auth/staff/session", json={"username": username, "password": "wrong"})
        nobody = counter.post("/v1/auth/staff/session", json={"username": "nobody", "password": password})
        from_kiosk = kiosk.post("/v1/auth/staff/session", json={"username": username, "password": password})
    assert good.status_code == 201
    assert good.json()["role"] == role
    assert bad.status_code == nobody.status_code == 401
    assert bad.json()["detail"] == nobody.json()["detail"]
    assert from_kiosk.status_code == 403
