"""The online status of a printed document from its access code (the code printed under "access code").

The portal answers valid / revoked / expired / unknown and nothing about the holder. Blocking (network): call it
from a thread worker.
"""

from __future__ import annotations

from kiosk.config import Settings
from kiosk.verify import REFUSED, ask_document_status

CODE_STATUSES = frozenset({"valid", "revoked", "expired", "unknown", REFUSED})


def access_code_status(settings: Settings, code: str, *, portal_url: str | None = None) -> str | None:
    """valid / revoked / expired / unknown, REFUSED when the portal refuses this terminal's credential, or
    None when the portal cannot be reached."""
    status = ask_document_status(
        settings, "POST", "/v1/documents/status", portal_url=portal_url, body={"access_code": code}
    )
    return status if status in CODE_STATUSES else None
