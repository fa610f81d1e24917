"""The published OpenAPI contract: committed file = code, and the running portal honours it (schemathesis)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import httpx

from portal.openapi import COMMITTED, render, standalone_app
from tests.helpers import require
from tests.portal.conftest import RunningPortal


def test_committed_openapi_matches_the_code() -> None:
    expected = render(standalone_app())
    assert COMMITTED.read_text(encoding="utf-8") == expected, (
        "docs/api/openapi.json is out of date: run `python -m portal.cli openapi`"
    )
    document = json.loads(expected)
    assert document["openapi"].startswith("3.1")
    assert all(path.startswith("/v1/") for path in document["paths"])


def test_every_error_is_documented_as_problem_details() -> None:
    document = json.loads(COMMITTED.read_text(encoding="utf-8"))
    for path, item in document["paths"].items():
        for method, operation in item.items():
            for status, response in operation["responses"].items():
                if status.startswith(("4", "5")):
                    assert list(response["content"]) == ["application/problem+json"], (path, method, status)


def test_the_running_portal_serves_the_same_contract(portal: RunningPortal) -> None:
    served = httpx.get(f"{portal.url}/v1/openapi.json").json()
    assert served == json.loads(COMMITTED.read_text(encoding="utf-8"))


CHECKS = "not_a_server_error,response_schema_conformance,status_code_conformance,content_type_conformance"


def test_schemathesis_finds_no_server_error_and_no_schema_violation(
    portal: RunningPortal, tmp_path: Path
) -> None:
    tool = Path(sys.executable).parent / "schemathesis"
    require(tool.exists(), "the schemathesis command in the project environment")
    command = [
        str(tool),
        "run",
        str(COMMITTED),
        "--url",
        portal.url,
        "--header",
        f"Authorization: Bearer {portal.kiosk_token}",
        "--checks",
        CHECKS,
        "--max-examples",
        "15",
        "--phases",
        "coverage,fuzzing,stateful",
        "--generation-deterministic",
        "--report-dir",
        str(tmp_path),
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stdout[-6000:]
    assert "passed" in result.stdout
