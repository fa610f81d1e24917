"""Printer backends, chosen by the target string in kiosk.toml."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

from printing.backends.base import Delivery, PrinterBackend, PrintError, TargetError
from printing.backends.cups import CupsBackend, default_server
from printing.backends.folder import FolderBackend
from printing.backends.ipp_printer import IppPrinterBackend
from printing.ipp import endpoint_for_uri

__all__ = ["Delivery", "PrintError", "PrinterBackend", "TargetError", "open_backend"]

TARGET_FORMS = "spool:DIR, pdf:DIR, cups:QUEUE or ipp://host:port/path"


def open_backend(target: str) -> PrinterBackend:
    """The backend for a target string such as ``spool:var/spool``; TargetError if unknown."""
    scheme, separator, rest = target.partition(":")
    if not separator or not rest:
        raise TargetError(f"printer target {target!r} is not one of {TARGET_FORMS}")
    if scheme in ("spool", "pdf"):
        return FolderBackend(target, Path(rest), simulate_status=scheme == "spool")
    if scheme == "cups":
        queue, _, query = rest.partition("?")
        options = dict(parse_qsl(query))
        if not queue or "/" in queue:
            raise TargetError(f"printer target {target!r}: cups:QUEUE needs a queue name")
        return CupsBackend(
            target,
            queue,
            server=options.get("server") or default_server(),
            media=options.get("media"),
            raw=options.get("raw", "1") not in ("0", "false", "no"),
        )
    if scheme in ("ipp", "ipps"):
        parts = urlsplit(target)
        options = dict(parse_qsl(parts.query))
        try:
            endpoint = endpoint_for_uri(parts._replace(query="").geturl())
        except ValueError as error:
            raise TargetError(f"printer target {target!r}: {error}") from None
        return IppPrinterBackend(target, endpoint, options.get("media"))
    raise TargetError(f"printer target {target!r} is not one of {TARGET_FORMS}")
