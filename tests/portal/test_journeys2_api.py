"""Portal routes of citizen journeys II, on SQLite and PostgreSQL under uvicorn: the change of address counts
wrong confirmation codes and says how many tries remain."""

from __future__ import annotations

import httpx

from tests.journeys2_helpers import letter_code
from tests.portal.conftest import RunningPortal, idempotency_key
from tests.portal.sessions import signed_in

NEW_ADDRESS = {"street": "Rua das Flores 12", "postal_code": "4050-262", "locality": "Porto"}


def submit(client: httpx.Client, service: str, answers: dict[str, object]) -> dict[str, object]:
    response = client.post(
        "/v1/applications",
        json={"service_code": service, "answers": answers},
        headers={"Idempotency-Key": idempotency_key()},
    )
    assert response.status_code == 201, response.text
    body: dict[str, object] = response.json()
    return body


def test_wrong_codes_are_counted_and_the_tries_left_said(portal: RunningPortal) -> None:
    with signed_in(portal, "joao") as citizen:
        created = submit(citizen, "ADDRESS-CHANGE", {"new_address": NEW_ADDRESS, "moved_on": "2024-01-02"})
        reference = str(created["reference"])
        code = letter_code(portal.database_url, reference)
        answers = [
            citizen.post(f"/v1/applications/{reference}/confirm", json={"code": "ZZZZ-ZZZZ"}) for _ in "123"
        ]
        right_too_late = citizen.post(f"/v1/applications/{reference}/confirm", json={"code": code})
        status = citizen.get(f"/v1/applications/{reference}").json()["status"]
    first, second, third = answers
    assert (first.status_code, first.json()["tries_left"]) == (422, 2)
    assert first.json()["errors"][0]["field"] == "code"
    assert "2" in first.json()["errors"][0]["message"]
    assert (second.status_code, second.json()["tries_left"]) == (422, 1)
    assert (third.status_code, third.json()["tries_left"]) == (409, 0)
    assert third.json()["type"].endswith("/confirmation-blocked")
    assert "counter" in third.json()["detail"]
    assert right_too_late.status_code == 409  # the letter's code is spent: a guesser gets three tries, no more
    assert status == "awaiting_confirmation"


def test_a_wrong_code_then_the_right_one_completes(portal: RunningPortal) -> None:
    with signed_in(
        portal,
        "joao",
    ) as citizen:
        reference = str(
            submit(citizen, "ADDRESS-CHANGE", {"new_address": NEW_ADDRESS, "moved_on": "2024-01-02"})[
                "reference"
            ]
        )
        wrong = citizen.post(f"/v1/applications/{reference}/confirm", json={"code": "ZZZZ-ZZZZ"})
        right = citizen.post(
            f"/v1/applications/{reference}/confirm", json={"code": letter_code(portal.database_url, reference)}
        )
    assert wrong.json()["tries_left"] == 2
    assert right.status_code == 200
    assert right.json()["status"] == "completed"


def company(name: str, legal_form: str, role: str, partners: list[dict[str, str]]) -> dict[str, object]:
    return {
        "company_name": name,
        "legal_form": legal_form,
        "applicant_role": role,
        "partners": partners,
        "share_capital": "5000",
        "activity_code": "62010",
        "registered_office": {"street": "Rua do Ouro 1", "postal_code": "1100-060", "locality": "Lisboa"},
    }


def post(client: httpx.Client, answers: dict[str, object]) -> httpx.Response:
    return client.post(
        "/v1/applications",
        json={"service_code": "COMPANY-ON-THE-SPOT", "answers": answers},
        headers={"Idempotency-Key": idempotency_key()},
    )


def fields(response: httpx.Response) -> list[tuple[str, str]]:
    return [(error["field"], error["code"]) for error in response.json().get("errors", [])]


JOAO, MARIA = "234567899", "123456789"


def test_a_chosen_firm_name_is_reserved_and_never_offered_again(portal: RunningPortal) -> None:
    with portal.kiosk() as kiosk:
        before = kiosk.get("/v1/companies/firm-names").json()
    with signed_in(portal, "joao") as citizen:
        partners = [{"nif": JOAO, "share": "60"}, {"nif": MARIA, "share": "40"}]
        first = post(citizen, company("rio-claro", "lda", "partner", partners))
        again = post(citizen, company("rio-claro", "lda", "partner", partners))
    with portal.kiosk("pt") as kiosk:
        after = kiosk.get("/v1/companies/firm-names").json()
    with portal.client() as stranger:
        refused = stranger.get("/v1/companies/firm-names")
    assert {"value": "rio-claro", "name": "Rio Claro, Lda."} in before
    assert first.status_code == 201, first.text
    assert again.status_code == 422
    assert fields(again) == [("company_name", "firm_name_taken")]
    assert "rio-claro" not in {name["value"] for name in after}
    assert len(after) == len(before) - 1
    assert refused.status_code == 401


def test_the_partners_the_form_and_the_applicant_are_checked(portal: RunningPortal) -> None:
    with signed_in(portal, "joao") as citizen:
        not_a_partner = post(
            citizen, company("vale-fundo", "unipessoal", "partner", [{"nif": MARIA, "share": "100"}])
        )
        representative = post(
            citizen, company("vale-fundo", "unipessoal", "representative", [{"nif": MARIA, "share": "100"}])
        )
        one_for_lda = post(citizen, company("monte-alto", "lda", "partner", [{"nif": JOAO, "share": "100"}]))
        shares = post(
            citizen,
            company(
                "monte-alto", "lda", "partner", [{"nif": JOAO, "share": "50"}, {"nif": MARIA, "share": "40"}]
            ),
        )
    assert fields(not_a_partner) == [("partners", "partners_applicant")]
    assert representative.status_code == 201, representative.text
    assert fields(one_for_lda) == [("partners", "partners_count")]
    assert fields(shares) == [("partners", "partners_total")]
    assert "90" in shares.json()["errors"][0]["message"]
