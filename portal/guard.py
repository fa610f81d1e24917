"""ASGI guard in front of the API: body size limit and JSON-only request bodies, as problem details."""

from __future__ import annotations

import json
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from portal.i18n import negotiate_language
from portal.problems import PROBLEM_MEDIA_TYPE, Problem

BODY_METHODS = {"POST", "PUT", "PATCH"}
FORM_PATHS = ("/open311/",)
"""Open311 clients post form-encoded bodies, as the GeoReport spec requires."""


class RequestGuard:
    def __init__(self, app: ASGIApp, max_body_bytes: int) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in BODY_METHODS:
            await self.app(scope, receive, send)
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

        await self.app(scope, replay, send)

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
        await send(
            {
                "type": "http.response.start",
                "status": problem.status,
                "headers": [
                    (b"content-type", PROBLEM_MEDIA_TYPE.encode()),
                    (b"content-length", str(len(body)).encode()),
                    (b"content-language", language.encode()),
                    (b"connection", b"close"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})
