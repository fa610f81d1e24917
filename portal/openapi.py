"""The published contract: OpenAPI 3.1 generated from the code, committed as docs/api/openapi.json."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

PROBLEM_MEDIA_TYPE = "application/problem+json"
COMMITTED = Path(__file__).resolve().parents[1] / "docs" / "api" / "openapi.json"


COMMON_ERRORS = {
    "400": "Bad request (malformed JSON, missing headers)",
    "401": "No valid device credential or session",
    "413": "Request body too large",
    "415": "Request body is not JSON",
    "422": "Invalid request; per-field errors with code and localized message",
    "429": "Too many attempts",
    "500": "Unexpected error (never with a traceback)",
}
PUBLIC_PATHS = {"/v1/health", "/v1/trust-list"}
APPLICATION = "#/paths/~1v1~1applications~1{reference}"
LINKS: dict[tuple[str, str], dict[str, dict[str, Any]]] = {
    ("/v1/applications", "post"): {
        "201": {
            "ReadApplication": {
                "operationRef": APPLICATION + "/get",
                "parameters": {"reference": "$response.body#/reference"},
            },
            "ConfirmApplication": {
                "operationRef": APPLICATION + "~1confirm/post",
                "parameters": {"reference": "$response.body#/reference"},
            },
            "SettlePayment": {
                "operationRef": "#/paths/~1v1~1payments~1{payment_id}~1settle/post",
                "parameters": {"payment_id": "$response.body#/payment/id"},
            },
        }
    },
    ("/v1/auth/citizen/challenge", "post"): {
        "201": {
            "AnswerChallenge": {
                "operationRef": "#/paths/~1v1~1auth~1citizen~1session/post",
                "requestBody": {"challenge_id": "$response.body#/challenge_id"},
            }
        }
    },
}


def contract(app: FastAPI) -> dict[str, Any]:
    """The OpenAPI document, with error bodies typed as problem details (RFC 9457)."""
    document = get_openapi(
        title=app.title,
        version=app.version,
        summary=app.summary,
        description=(
            "Kiosks and counters reach the administration only through this API. Every request but "
            "/v1/health and /v1/trust-list carries the terminal's device credential "
            "(`Authorization: Bearer ...`); a citizen or staff session adds `X-Session-Token`. "
            "Texts follow Accept-Language (pt, en). Errors are RFC 9457 problem details."
        ),
        routes=app.routes,
    )
    problem = {PROBLEM_MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/ProblemOut"}}}
    for path, item in document.get("paths", {}).items():
        for method, operation in item.items():
            responses = operation.setdefault("responses", {})
            for status, response in responses.items():
                content = response.get("content", {})
                if status[:1] in {"4", "5"}:
                    response["content"] = dict(problem)
                elif "application/json" in content and not content["application/json"]:
                    content["application/json"] = {"schema": {}}
            # Errors every operation can meet, in the one format of the API.
            for status, text in COMMON_ERRORS.items():
                if status in ("413", "415") and method not in {"post", "put", "patch"}:
                    continue
                if status == "401" and path in PUBLIC_PATHS:
                    continue
                responses.setdefault(status, {"description": text, "content": dict(problem)})
            for status, links in LINKS.get((path, method), {}).items():
                responses[status]["links"] = links
    schemas = document.get("components", {}).get("schemas", {})
    schemas.pop("HTTPValidationError", None)
    schemas.pop("ValidationError", None)
    return document


def render(app: FastAPI) -> str:
    return json.dumps(contract(app), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def standalone_app() -> FastAPI:
    from portal.app import create_app
    from portal.settings import PortalSettings

    # No connection is opened to build the document; the path is never created.
    return create_app(PortalSettings(database_url="sqlite:///unused-openapi.db"))
