"""Schemathesis on PostgreSQL, with strings that hold a NUL or a lone surrogate: not one 5xx.

Every operation of the committed contract gets generated requests, valid and invalid ones (schemathesis draws
NULs itself); one string of each request, drawn too, is then given a NUL or, in a JSON body, a lone surrogate
(sent as the escape \\ud800, the only way one crosses the wire). PostgreSQL refuses a NUL in text and JSON,
and no database or JSON answer carries a lone surrogate: the portal must answer each with a 4xx naming the
field. A bounded number of examples per operation keeps the run under two minutes.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis.core.result import Ok
from schemathesis.generation import GenerationMode

from portal.openapi import COMMITTED
from tests.portal.conftest import RunningPortal
from tests.portal.sessions import signed_in, staff_signed_in

EXAMPLES_PER_OPERATION = 12
POISONS = {"nul": "\x00", "surrogate": "\ud800"}
STAFF_PATHS = ("/v1/staff", "/v1/payments", "/v1/audit", "/v1/queue")
STAFF_OPERATIONS = {"POST /v1/documents/{document_id}/revoke", "POST /v1/applications/{reference}/status"}


def _string_places(container: dict[Any, Any] | list[Any]) -> Iterator[tuple[Any, Any]]:
    """(holder, key) of every string inside the container, at any depth."""
    items = container.items() if isinstance(container, dict) else enumerate(container)
    for key, item in items:
        if isinstance(item, str):
            yield container, key
        elif isinstance(item, dict | list):
            yield from _string_places(item)


def poison(case: Any, kind: str, choice: int) -> bool:
    """Put the poison in the middle of one string of the request; False when it has no string to take it."""
    places: list[tuple[Any, Any]] = []
    if isinstance(case.body, dict | list):
        places += _string_places(case.body)
    if kind == "nul":  # a lone surrogate cannot be sent in a URL: percent-encoded, it is not UTF-8 either
        for parameters in (case.query, case.path_parameters):
            if isinstance(parameters, dict):
                places += _string_places(parameters)
    if not places:
        return False
    holder, key = places[choice % len(places)]
    text: str = holder[key]
    middle = len(text) // 2
    holder[key] = text[:middle] + POISONS[kind] + text[middle:]
    return True


def credentials(portal: RunningPortal, method: str, path: str) -> dict[str, str]:
    """The headers an operation is meant for: a counter with a supervisor, or a kiosk with a citizen."""
    if path.startswith(STAFF_PATHS) or f"{method} {path}" in STAFF_OPERATIONS:
        with staff_signed_in(portal, "supervisor") as client:
            return dict(client.headers)
    if f"{method} {path}" == "DELETE /v1/auth/session":
        return {"Authorization": f"Bearer {portal.kiosk_token}"}  # signing out would end the session below
    with signed_in(portal, "maria") as client:
        return dict(client.headers)


WIRE_FORMS = {"nul": (b"\\u0000", "%00"), "surrogate": (b"\\ud800", None)}


def sent(request: requests.PreparedRequest, kind: str) -> bool:
    """Whether the poison went out (a query value that is an object, for one, is sent as its keys only)."""
    in_body, in_url = WIRE_FORMS[kind]
    body = request.body if isinstance(request.body, bytes) else str(request.body or "").encode()
    return in_body in body or (in_url is not None and in_url in (request.url or ""))


class Findings:
    def __init__(self) -> None:
        self.failures: list[str] = []
        self.accepted: list[str] = []
        self.poisoned = 0


def fuzz(portal: RunningPortal, operation: Any, session: requests.Session, findings: Findings) -> None:
    """EXAMPLES_PER_OPERATION requests to one operation, each with its string poisoned or not."""
    method, path = operation.method.upper(), operation.path
    headers = credentials(portal, method, path)
    cases = st.one_of(
        operation.as_strategy(generation_mode=GenerationMode.POSITIVE),
        operation.as_strategy(generation_mode=GenerationMode.NEGATIVE),
    )

    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.generate],  # findings are collected, not shrunk: the report names each request
        suppress_health_check=list(HealthCheck),
    )
    @given(case=cases, kind=st.sampled_from(["none", "nul", "surrogate"]), choice=st.integers(0, 10**6))
    def run(case: Any, kind: str, choice: int) -> None:
        if isinstance(case.query, dict) and "wait" in case.query:
            case.query["wait"] = 0  # a long poll (the queue board) answers at once instead of holding
        poisoned = kind != "none" and poison(case, kind, choice)
        where = f"{method} {path} ({kind if poisoned else 'as generated'})"
        try:
            response = case.call(base_url=portal.url, headers=headers, session=session, timeout=30)
        except requests.RequestException as error:
            findings.failures.append(f"{where}: no answer ({type(error).__name__})")
            return
        if response.status_code >= 500:
            findings.failures.append(f"{where}: {response.status_code} {response.text[:300]}")
        if poisoned and sent(response.request, kind):
            findings.poisoned += 1
            if response.status_code < 400:
                findings.accepted.append(f"{where}: {response.status_code} {response.request.url}")

    run()


@pytest.mark.postgres
@pytest.mark.parametrize("portal", ["postgres"], indirect=True)
def test_no_server_error_with_nul_and_lone_surrogates_on_postgres(portal: RunningPortal) -> None:
    schema = schemathesis.openapi.from_path(COMMITTED)
    results = list(schema.get_all_operations())
    operations = [result.ok() for result in results if isinstance(result, Ok)]
    assert len(operations) == len(results), "every operation of the contract loads"
    assert len(operations) >= 20
    findings = Findings()
    with requests.Session() as session:
        for operation in operations:
            fuzz(portal, operation, session, findings)
    assert findings.failures == []
    assert findings.accepted == [], "a poisoned string was accepted"
    assert findings.poisoned > 100
