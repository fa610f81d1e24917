"""The online status of a printed document from its access code (the code printed under "access code").

The portal answers valid / revoked / expired / unknown and nothing about the holder. Blocking (network): call it
from a thread worker.
"""

from __future__ import annotations

from kiosk.config import Settings
from kiosk.verify import portal_endpoint

CODE_STATUSES = frozenset({"valid", "revoked", "expired", "unknown"})


def access_code_status(settings: Settings, code: str, *, portal_url: str | None = None) -> str | None:
    """valid / revoked / expired / unknown, or None when the portal cannot be asked (it is away)."""
    import httpx

    url, token = portal_endpoint(settings)
    try:
        response = httpx.post(
            f"{portal_url or url}/v1/documents/status",
            json={"access_code": code},
            headers={"Authorization": f"Bearer {token}"},
            timeout=settings.portal.timeout_seconds,
            verify=settings.portal.ca_bundle or True,
        )
        response.raise_for_status()
        status = response.json().get("status")
    except (httpx.HTTPError, ValueError, AttributeError):
        return None
    return status if status in CODE_STATUSES else None
