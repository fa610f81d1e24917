"""Printer backends, chosen by the target string in kiosk.toml."""

from __future__ import annotations

from pathlib import Path

from printing.backends.base import Delivery, PrinterBackend, PrintError, TargetError
from printing.backends.folder import FolderBackend

__all__ = ["Delivery", "PrintError", "PrinterBackend", "TargetError", "open_backend"]

TARGET_FORMS = "spool:DIR, pdf:DIR, cups:QUEUE or ipp://host:port/path"


def open_backend(target: str) -> PrinterBackend:
    """The backend for a target string such as ``spool:var/spool``; TargetError if unknown."""
    scheme, separator, rest = target.partition(":")
    if not separator or not rest:
        raise TargetError(f"printer target {target!r} is not one of {TARGET_FORMS}")
    if scheme in ("spool", "pdf"):
        return FolderBackend(target, Path(rest), simulate_status=scheme == "spool")
    raise TargetError(f"printer target {target!r} is not one of {TARGET_FORMS}")
