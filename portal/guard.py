"""ASGI guard in front of the API: storable text in the path and query, body size limit, JSON-only request
bodies, and the last word on any error that escapes the application, all as problem details."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qsl

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from portal.forms import FieldError
from portal.i18n import negotiate_language
from portal.open311 import JSON_MEDIA_TYPE, XML_MEDIA_TYPE, errors_document, to_xml
from portal.problems import PROBLEM_MEDIA_TYPE, Problem, internal_problem, log_unexpected
from portal.schemas import text_is_storable

BODY_METHODS = {"POST", "PUT", "PATCH"}
OPEN311_PREFIX = "/open311/"
FORM_PATHS = (OPEN311_PREFIX,)
"""Open311 clients post form-encoded bodies, as the GeoReport spec requires."""


def unstorable_argument(scope: Scope) -> str | None:
    """What in the path or query is not storable text: "path", a query parameter's name, or None.

    Parsed as Starlette parses the query (percent escapes as UTF-8, invalid bytes replaced), so what passes
    here is what the routes receive. Bodies are checked by their schemas (schemas.Strict).
    """
    if not text_is_storable(scope["path"]):
        return "path"
    query: bytes = scope.get("query_string", b"")
    if query:
        for name, value in parse_qsl(query.decode("latin-1"), keep_blank_values=True):
            if not text_is_storable(name):
                return "query"
            if not text_is_storable(value):
                return name
    return None


class RequestGuard:
    def __init__(self, app: ASGIApp, max_body_bytes: int) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        unstorable = unstorable_argument(scope)
        if unstorable is not None:
            headers = {key.decode("latin-1"): value.decode("latin-1") for key, value in scope["headers"]}
            await self._refuse_text(scope, send, headers, unstorable)
            return
        if scope["method"] not in BODY_METHODS:
            await self._call_app(scope, receive, send)
            return
        headers = {key.decode("latin-1"): value.decode("latin-1") for key, value in scope["headers"]}
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_body_bytes:
            await self._refuse(scope, send, headers, self._too_large())
            return
        chunks: list[bytes] = []
        size = 0
        more = True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_body_bytes:
                await self._refuse(scope, send, headers, self._too_large())
                return
            chunks.append(chunk)
            more = message.get("more_body", False)
        body = b"".join(chunks)
        path: str = scope["path"]
        media_type = headers.get("content-type", "").split(";")[0].strip().lower()
        json_body = media_type == "application/json" or media_type.endswith("+json")
        if body and not json_body and not any(part in path for part in FORM_PATHS):
            await self._refuse(
                scope,
                send,
                headers,
                Problem(
                    415,
                    "unsupported-media-type",
                    "problem.unsupported_media",
                    "problem.unsupported_media.detail",
                ),
            )
            return
        delivered = False

        async def replay() -> Message:
            nonlocal delivered
            if delivered:
                return await receive()
            delivered = True
            return {"type": "http.request", "body": body, "more_body": False}

        await self._call_app(scope, replay, send)

    async def _call_app(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Run the application; an error that escapes it is logged without its message and answered as 500.

        Starlette's outermost layer logs an escaped error again, through the server, with its message: the
        message of a database error holds the values of the statement (a NIF, an address), so none escapes.
        """
        started = False

        async def watched(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, watched)
        except Exception as error:
            log_unexpected(scope["method"], scope["path"], error)
            if not started:
                headers = {key.decode("latin-1"): value.decode("latin-1") for key, value in scope["headers"]}
                await self._refuse(scope, send, headers, internal_problem())

    async def _refuse_text(self, scope: Scope, send: Send, headers: dict[str, Any], name: str) -> None:
        path: str = scope["path"]
        if path.startswith(OPEN311_PREFIX):
            # The GeoReport facade answers in its own error format, in the format the path asks for.
            xml = not path.endswith(".json")
            errors = errors_document(400, f"{name} must be text without NUL characters")
            body = to_xml("errors", "error", errors) if xml else json.dumps(errors).encode()
            await self._send(send, 400, XML_MEDIA_TYPE if xml else JSON_MEDIA_TYPE, body, [])
            return
        problem = Problem(
            400,
            "invalid-text",
            "problem.bad_request",
            "problem.text_invalid.detail",
            errors=[FieldError(name, "field.text_invalid", {})],
        )
        await self._refuse(scope, send, headers, problem)

    def _too_large(self) -> Problem:
        return Problem(
            413,
            "request-too-large",
            "problem.too_large",
            "problem.too_large.detail",
            limit=self.max_body_bytes,
        )

    async def _refuse(self, scope: Scope, send: Send, headers: dict[str, Any], problem: Problem) -> None:
        language = negotiate_language(headers.get("accept-language"))
        body = json.dumps(problem.body(language, scope["path"]), ensure_ascii=False).encode()
        await self._send(
            send, problem.status, PROBLEM_MEDIA_TYPE, body, [(b"content-language", language.encode())]
        )

    @staticmethod
    async def _send(
        send: Send, status: int, media_type: str, body: bytes, extra: list[tuple[bytes, bytes]]
    ) -> None:
        headers = [
            (b"content-type", media_type.encode()),
            (b"content-length", str(len(body)).encode()),
            *extra,
            (b"connection", b"close"),
        ]
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})
