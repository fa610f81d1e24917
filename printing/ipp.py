"""A small IPP/1.1-2.0 client over httpx (RFC 8010/8011): what the backends need, no more.

Print-Job, Get-Job-Attributes and Get-Printer-Attributes, for a printer's own
IPP endpoint (``ipp://host:port/ipp/print``) and for a CUPS queue
(``/printers/NAME`` on the CUPS server, possibly over its Unix socket).
"""

from __future__ import annotations

import itertools
import struct
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlsplit, urlunsplit

import httpx

PRINT_JOB = 0x0002
GET_JOB_ATTRIBUTES = 0x0009
GET_PRINTER_ATTRIBUTES = 0x000B

_OPERATION_GROUP = 0x01
_JOB_GROUP = 0x02
_END = 0x03
_PRINTER_GROUP = 0x04
_INTEGER = 0x21
_BOOLEAN = 0x22
_ENUM = 0x23
_BEGIN_COLLECTION = 0x34
_END_COLLECTION = 0x37
_NAME = 0x42
_KEYWORD = 0x44
_URI = 0x45
_CHARSET = 0x47
_LANGUAGE = 0x48
_MIME = 0x49
_STRING_TAGS = {0x30, 0x35, 0x36, 0x41, 0x42, 0x44, 0x45, 0x46, 0x47, 0x48, 0x49}

JOB_COMPLETED = 9
JOB_ABORTED = 8
JOB_CANCELED = 7
PRINTER_STOPPED = 5

_request_ids = itertools.count(1)


class IppError(Exception):
    """The printer could not be reached, or answered with an IPP error status."""


@dataclass(frozen=True)
class IppResponse:
    status: int
    attributes: dict[str, list[object]] = field(default_factory=dict)
    """Operation, printer and job attributes merged; a name maps to all its values."""

    def first(self, name: str, default: object = None) -> object:
        values = self.attributes.get(name)
        return values[0] if values else default

    def strings(self, name: str) -> list[str]:
        return [value for value in self.attributes.get(name, []) if isinstance(value, str)]


def _attribute(tag: int, name: str, values: Iterable[bytes]) -> bytes:
    out = bytearray()
    for index, value in enumerate(values):
        label = name.encode() if index == 0 else b""
        out += struct.pack(">BH", tag, len(label)) + label + struct.pack(">H", len(value)) + value
    return bytes(out)


def encode_request(
    operation: int,
    printer_uri: str,
    *,
    user: str = "kiosk",
    job_name: str | None = None,
    document_format: str | None = None,
    job_id: int | None = None,
    requested: Sequence[str] = (),
    job_attributes: Sequence[tuple[int, str, bytes]] = (),
) -> bytes:
    body = bytearray(struct.pack(">HHI", 0x0200, operation, next(_request_ids)))
    body.append(_OPERATION_GROUP)
    body += _attribute(_CHARSET, "attributes-charset", [b"utf-8"])
    body += _attribute(_LANGUAGE, "attributes-natural-language", [b"en"])
    body += _attribute(_URI, "printer-uri", [printer_uri.encode()])
    if job_id is not None:
        body += _attribute(_INTEGER, "job-id", [struct.pack(">i", job_id)])
    body += _attribute(_NAME, "requesting-user-name", [user.encode()])
    if job_name is not None:
        body += _attribute(_NAME, "job-name", [job_name.encode()])
    if document_format is not None:
        body += _attribute(_MIME, "document-format", [document_format.encode()])
    if requested:
        body += _attribute(_KEYWORD, "requested-attributes", [r.encode() for r in requested])
    if job_attributes:
        body.append(_JOB_GROUP)
        for tag, name, value in job_attributes:
            body += _attribute(tag, name, [value])
    body.append(_END)
    return bytes(body)


def decode_response(data: bytes) -> IppResponse:
    """Parse an IPP response; values inside collections are skipped (we never need them)."""
    try:
        _version, status, _request_id = struct.unpack_from(">HHI", data, 0)
        offset = 8
        attributes: dict[str, list[object]] = {}
        current: str | None = None
        depth = 0
        while offset < len(data):
            tag = data[offset]
            offset += 1
            if tag == _END:
                break
            if tag < 0x10:  # a new attribute group
                current = None
                continue
            (name_length,) = struct.unpack_from(">H", data, offset)
            offset += 2
            name = data[offset : offset + name_length].decode("utf-8", "replace")
            offset += name_length
            (value_length,) = struct.unpack_from(">H", data, offset)
            offset += 2
            raw = data[offset : offset + value_length]
            if len(raw) != value_length:
                raise IppError("truncated IPP response")
            offset += value_length
            if tag == _BEGIN_COLLECTION:
                depth += 1
                if depth == 1 and name:
                    current = name
                    attributes.setdefault(name, [])
                continue
            if tag == _END_COLLECTION:
                depth -= 1
                continue
            if depth:
                continue
            if name:
                current = name
            if current is None:
                continue
            attributes.setdefault(current, []).append(_value(tag, raw))
    except (struct.error, IndexError) as error:
        raise IppError("malformed IPP response") from error
    return IppResponse(status, attributes)


def _value(tag: int, raw: bytes) -> object:
    if tag in (_INTEGER, _ENUM) and len(raw) == 4:
        return struct.unpack(">i", raw)[0]
    if tag == _BOOLEAN and len(raw) == 1:
        return raw != b"\x00"
    if tag in _STRING_TAGS:
        return raw.decode("utf-8", "replace")
    return raw


@dataclass(frozen=True)
class IppEndpoint:
    """Where to POST IPP, and the printer-uri to name inside the request."""

    http_url: str
    printer_uri: str
    unix_socket: str | None = None


def endpoint_for_uri(uri: str) -> IppEndpoint:
    """``ipp://host:631/ipp/print`` -> POST http://host:631/ipp/print (ipps -> https)."""
    parts = urlsplit(uri)
    if parts.scheme not in ("ipp", "ipps", "http", "https") or not parts.hostname:
        raise ValueError(f"not an IPP printer URI: {uri!r}")
    secure = parts.scheme in ("ipps", "https")
    port = parts.port or 631
    netloc = f"{parts.hostname}:{port}"
    if ":" in parts.hostname:  # IPv6 literal
        netloc = f"[{parts.hostname}]:{port}"
    http_url = urlunsplit(("https" if secure else "http", netloc, parts.path or "/", "", ""))
    printer_uri = urlunsplit(("ipps" if secure else "ipp", netloc, parts.path or "/", "", ""))
    return IppEndpoint(http_url, printer_uri)


def post(endpoint: IppEndpoint, body: bytes, *, timeout: float = 5.0) -> IppResponse:
    """One IPP request; IppError when the printer is unreachable or answers non-IPP."""
    transport = httpx.HTTPTransport(uds=endpoint.unix_socket) if endpoint.unix_socket else None
    try:
        with httpx.Client(transport=transport, timeout=timeout) as client:
            reply = client.post(endpoint.http_url, content=body, headers={"Content-Type": "application/ipp"})
    except httpx.HTTPError as error:
        raise IppError(f"{endpoint.http_url}: {type(error).__name__}: {error}") from error
    if reply.status_code != 200 or not reply.headers.get("content-type", "").startswith("application/ipp"):
        raise IppError(f"{endpoint.http_url}: HTTP {reply.status_code}")
    return decode_response(reply.content)


PRINTER_STATUS_ATTRIBUTES = (
    "printer-state",
    "printer-state-reasons",
    "printer-state-message",
    "printer-is-accepting-jobs",
    "device-uri",
)


def printer_attributes(endpoint: IppEndpoint, requested: Sequence[str]) -> IppResponse:
    response = post(
        endpoint,
        encode_request(GET_PRINTER_ATTRIBUTES, endpoint.printer_uri, requested=requested),
    )
    if response.status >= 0x0400:
        raise IppError(f"Get-Printer-Attributes: IPP status 0x{response.status:04x}")
    return response


def job_state(endpoint: IppEndpoint, job_id: int) -> int | None:
    """The job-state enum (3 pending ... 9 completed), or None if the printer forgot the job."""
    response = post(
        endpoint,
        encode_request(
            GET_JOB_ATTRIBUTES,
            endpoint.printer_uri,
            job_id=job_id,
            requested=("job-state", "job-state-reasons"),
        ),
    )
    if response.status >= 0x0400:
        return None
    state = response.first("job-state")
    return state if isinstance(state, int) else None


def print_job(
    endpoint: IppEndpoint,
    pdf: bytes,
    *,
    job_name: str,
    job_attributes: Sequence[tuple[int, str, bytes]] = (),
    timeout: float = 30.0,
) -> int:
    """Send a PDF with Print-Job; returns the printer's job-id."""
    body = encode_request(
        PRINT_JOB,
        endpoint.printer_uri,
        job_name=job_name,
        document_format="application/pdf",
        job_attributes=job_attributes,
    )
    response = post(endpoint, body + pdf, timeout=timeout)
    if response.status >= 0x0400:
        raise IppError(f"Print-Job: IPP status 0x{response.status:04x}")
    job_id = response.first("job-id")
    if not isinstance(job_id, int):
        raise IppError("Print-Job: no job-id in the answer")
    return job_id


KEYWORD_TAG = _KEYWORD
