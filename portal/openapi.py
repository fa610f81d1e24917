"""The published contract: OpenAPI 3.1 generated from the code, committed as docs/api/openapi.json."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

PROBLEM_MEDIA_TYPE = "application/problem+json"
COMMITTED = Path(__file__).resolve().parents[1] / "docs" / "api" / "openapi.json"


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
    for path in document.get("paths", {}).values():
        for operation in path.values():
            for status, response in operation.get("responses", {}).items():
                content = response.get("content", {})
                if status[:1] in {"4", "5"} and "application/json" in content:
                    content[PROBLEM_MEDIA_TYPE] = content.pop("application/json")
    return document


def render(app: FastAPI) -> str:
    return json.dumps(contract(app), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def standalone_app() -> FastAPI:
    from portal.app import create_app
    from portal.settings import PortalSettings

    # No connection is opened to build the document; the path is never created.
    return create_app(PortalSettings(database_url="sqlite:///unused-openapi.db"))
