"""RFC 9457 problem details: the one error format of the whole API, texts in the request's language."""

from __future__ import annotations

import logging
import traceback
from collections.abc import Iterator, Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy import exc as database_errors
from starlette.exceptions import HTTPException as StarletteHTTPException

from portal.forms import FieldError
from portal.i18n import Language, message, negotiate_language
from portal.schemas import UNSTORABLE_TEXT

PROBLEM_MEDIA_TYPE = "application/problem+json"
PROBLEM_BASE = "https://portal.example.gov.pt/problems/"
log = logging.getLogger("portal.problems")


class Problem(Exception):
    """An error to answer as problem details; raised anywhere in a request."""

    def __init__(
        self,
        status: int,
        kind: str,
        title_id: str,
        detail_id: str | None = None,
        *,
        errors: Sequence[FieldError] = (),
        headers: dict[str, str] | None = None,
        extensions: dict[str, Any] | None = None,
        **values: object,
    ) -> None:
        super().__init__(kind)
        self.status = status
        self.kind = kind
        self.title_id = title_id
        self.detail_id = detail_id
        self.errors = tuple(errors)
        self.headers = headers or {}
        self.values = values
        self.extensions = extensions or {}
        """RFC 9457 extension members a client acts on (tries_left...), added to the body as they are."""

    def body(self, language: Language, instance: str) -> dict[str, Any]:
        body: dict[str, Any] = {
            "type": PROBLEM_BASE + self.kind,
            "title": message(language, self.title_id, **self.values),
            "status": self.status,
            "instance": instance,
        }
        if self.detail_id:
            body["detail"] = message(language, self.detail_id, **self.values)
        body.update(self.extensions)
        if self.errors:
            body["errors"] = [
                {
                    "field": error.field,
                    "code": error.code.removeprefix("field."),
                    "message": message(language, error.code, **error.values),
                }
                for error in self.errors
            ]
        return body


def problem_response(problem: Problem, request: Request) -> JSONResponse:
    language = negotiate_language(request.headers.get("accept-language"))
    return JSONResponse(
        problem.body(language, request.url.path),
        status_code=problem.status,
        media_type=PROBLEM_MEDIA_TYPE,
        headers={"Content-Language": language, **problem.headers},
    )


def not_found(detail_id: str = "problem.not_found.detail", **values: object) -> Problem:
    problem = Problem(404, "not-found", "problem.not_found", detail_id)
    problem.values = values
    return problem


def forbidden() -> Problem:
    return Problem(403, "forbidden", "problem.forbidden", "problem.forbidden.detail")


def internal_problem() -> Problem:
    return Problem(500, "internal", "problem.internal", "problem.internal.detail")


def _causes(error: BaseException) -> Iterator[BaseException]:
    """The error and what caused it, outermost first, as Python prints the chain (each once)."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or (None if current.__suppress_context__ else current.__context__)


def redacted_traceback(error: BaseException) -> str:
    """Where the error happened (frames and source lines) and its class, but never its message.

    Messages carry values: a database error quotes the statement's parameters or the failing row (a NIF, an
    address, a typed user name), a ValueError the text it could not read. The operator needs the place and
    the kind to fix it, never the person's data.
    """
    parts = []
    for item in reversed(list(_causes(error))):
        frames = "".join(traceback.format_tb(item.__traceback__))
        kind = f"{type(item).__module__}.{type(item).__qualname__}"
        parts.append(f"Traceback (most recent call last):\n{frames}{kind} (message withheld)")
    return "\n\nwhich led to:\n\n".join(parts)


def log_unexpected(method: str, path: str, error: BaseException) -> None:
    """Log an unexpected error for the operator: the request line and the redacted traceback."""
    log.error("unexpected error on %s %s\n%s", method, path, redacted_traceback(error))


def _location_to_field(location: Sequence[int | str]) -> str:
    parts = [str(part) for part in location if part not in ("body", "query", "path", "header")]
    return ".".join(parts) or "body"


def _validation_problem(error: RequestValidationError) -> Problem:
    errors = error.errors()
    if any(item.get("type") == "json_invalid" for item in errors):
        return Problem(400, "malformed-json", "problem.bad_request", "problem.malformed_json")
    field_errors = []
    for item in errors:
        kind = str(item.get("type", "type"))
        code = {
            "missing": "field.required",
            "extra_forbidden": "field.not_allowed",
            "string_too_long": "field.too_long",
            UNSTORABLE_TEXT: "field.text_invalid",
        }.get(kind, "field.type")
        values: dict[str, object] = {}
        context = item.get("ctx") or {}
        if code == "field.too_long":
            values["max"] = context.get("max_length", "")
        field = _location_to_field(item.get("loc", ()))
        if code == "field.text_invalid" and context.get("path"):
            field = f"{field}.{context['path']}"
        field_errors.append(FieldError(field, code, values))
    return Problem(
        422, "invalid-request", "problem.validation", "problem.validation.detail", errors=field_errors
    )


def install_problem_handlers(app: FastAPI) -> None:
    async def on_problem(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, Problem)
        return problem_response(exc, request)

    async def on_validation(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, RequestValidationError)
        return problem_response(_validation_problem(exc), request)

    async def on_http(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, StarletteHTTPException)
        if exc.status_code == 404:
            problem = not_found()
        elif exc.status_code == 405:
            problem = Problem(405, "method-not-allowed", "problem.method_not_allowed")
        else:
            problem = Problem(exc.status_code, "http-error", "problem.bad_request")
        problem.headers.update(exc.headers or {})
        return problem_response(problem, request)

    async def on_unexpected(request: Request, exc: Exception) -> JSONResponse:
        # The traceback goes to the operator's log, without the error's message (it may quote personal data),
        # and never to the terminal or the citizen.
        log_unexpected(request.method, request.url.path, exc)
        return problem_response(internal_problem(), request)

    async def on_database_unavailable(request: Request, exc: Exception) -> JSONResponse:
        # Only the error's class is logged: its text carries the statement's parameters, i.e. personal data.
        cause = type(getattr(exc, "orig", None) or exc).__name__
        log.warning("database unavailable on %s %s: %s", request.method, request.url.path, cause)
        problem = Problem(503, "unavailable", "problem.unavailable", "problem.unavailable.detail")
        problem.headers["Retry-After"] = "1"
        return problem_response(problem, request)

    async def on_database_error(request: Request, exc: Exception) -> JSONResponse:
        # A dropped connection (the database restarted) or a database that cannot be reached is temporary, and
        # its transaction was rolled back: a 503 tells the client to send the same request again.
        assert isinstance(exc, database_errors.DBAPIError)
        if exc.connection_invalidated or isinstance(exc, database_errors.OperationalError):
            return await on_database_unavailable(request, exc)
        return await on_unexpected(request, exc)

    app.add_exception_handler(Problem, on_problem)
    app.add_exception_handler(database_errors.DBAPIError, on_database_error)
    app.add_exception_handler(database_errors.TimeoutError, on_database_unavailable)
    app.add_exception_handler(RequestValidationError, on_validation)
    app.add_exception_handler(StarletteHTTPException, on_http)
    app.add_exception_handler(Exception, on_unexpected)
