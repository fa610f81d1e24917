"""`kiosk verify SEAL_TEXT`: is this printed certificate genuine, and is it still valid?

Offline first: the seal is checked against the portal's trust list (a JWKS of seal keys) cached on disk, so a
counter can verify a certificate with the network down. When the portal answers, the trust list is refreshed
and the document's current status (valid / revoked / expired / unknown) is asked by the id the seal names.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from kiosk.config import Settings
from kiosk.i18n import text

if TYPE_CHECKING:
    from kiosk.seal import SealVerdict

EXIT_GENUINE = 0
EXIT_NOT_VALID = 1
EXIT_CANNOT_CHECK = 3
REFUSED = "refused"
"""The portal answered but refused this terminal's credential (401/403): not "unreachable", which sends the
person looking at the network; the credential is what to fix."""
ONLINE_ANSWERS = frozenset({"valid", "revoked", "expired", "unknown", REFUSED})


def portal_endpoint(settings: Settings) -> tuple[str, str]:
    """Base URL and device token of the portal this terminal talks to (the demo one when embedded)."""
    if not settings.embedded_portal:
        return settings.portal.url.rstrip("/"), settings.portal.device_token
    from kiosk.embedded import demo_token_file

    token_file = demo_token_file(settings)
    token = token_file.read_text(encoding="utf-8").strip() if token_file.is_file() else ""
    return f"http://127.0.0.1:{settings.portal.embedded_port}", token


def trust_list_cache(settings: Settings) -> Path:
    return settings.kiosk.data_dir / "trust-list.json"


def refresh_trust_list(settings: Settings, *, portal_url: str | None = None) -> dict[str, Any] | None:
    """Fetch the trust list and cache it; None when the portal cannot be reached or answers nonsense.

    ``portal_url``: where the running portal really is (an embedded one may not have its preferred port).
    """
    import httpx

    url = portal_url or portal_endpoint(settings)[0]
    verify = settings.portal.ca_bundle or True
    try:
        response = httpx.get(f"{url}/v1/trust-list", timeout=settings.portal.timeout_seconds, verify=verify)
        response.raise_for_status()
        trust_list = response.json()
    except (httpx.HTTPError, ValueError):
        return None
    if not isinstance(trust_list, dict) or not isinstance(trust_list.get("keys"), list):
        return None
    cache = trust_list_cache(settings)
    cache.parent.mkdir(parents=True, exist_ok=True)
    temporary = cache.with_suffix(".tmp")
    temporary.write_text(json.dumps(trust_list), encoding="utf-8")
    temporary.replace(cache)  # atomic: a reader never sees half a file
    return trust_list


def cached_trust_list(settings: Settings) -> dict[str, Any] | None:
    try:
        data = json.loads(trust_list_cache(settings).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def online_status(settings: Settings, document_id: str, *, portal_url: str | None = None) -> str | None:
    """valid / revoked / expired / unknown from the portal, REFUSED when it refuses this terminal, or None
    when it cannot be reached."""
    return ask_document_status(settings, "GET", f"/v1/documents/{document_id}/status", portal_url=portal_url)


def ask_document_status(
    settings: Settings, method: str, path: str, *, portal_url: str | None = None, body: Any = None
) -> str | None:
    """The ``status`` the portal answers at ``path``; REFUSED when it refuses this terminal's credential;
    None when it cannot be reached or answers nonsense."""
    import httpx

    url, token = portal_endpoint(settings)
    try:
        response = httpx.request(
            method,
            f"{portal_url or url}{path}",
            json=body,
            headers={"Authorization": f"Bearer {token}"},
            timeout=settings.portal.timeout_seconds,
            verify=settings.portal.ca_bundle or True,
        )
        if response.status_code in {401, 403}:
            return REFUSED
        response.raise_for_status()
        status = response.json().get("status")
    except (httpx.HTTPError, ValueError, AttributeError):
        return None
    return status if isinstance(status, str) and status != REFUSED else None


def verify_command(
    seal_text: str, settings: Settings, *, offline: bool = False, out: TextIO | None = None
) -> int:
    from kiosk.document_words import document_lines
    from kiosk.seal import verify_seal

    out = out or sys.stdout
    language = settings.kiosk.language

    def say(key: str, **values: object) -> None:
        print(text(language, key, **values), file=out)

    trust_list = None if offline else refresh_trust_list(settings)
    if trust_list is None:
        trust_list = cached_trust_list(settings)
        if trust_list is None:
            say("verify.no_trust_list")
            return EXIT_CANNOT_CHECK
        say("verify.using_cache")
    verdict = verify_seal(seal_text.strip(), trust_list)
    say(f"verify.seal.{verdict.status.value}")
    if verdict.refusal is not None:
        say(f"verify.reason.{verdict.refusal.value}")
    document = verdict.document
    if document is None:
        return EXIT_NOT_VALID
    # No catalog here: the type's code names the document, the labels the portal prints are still worded.
    for line in document_lines(document, None, language):
        print(line, file=out)
    if not verdict.valid:
        return EXIT_NOT_VALID
    status = None if offline else online_status(settings, document.doc_id)
    if status is None:
        say("verify.online.unavailable")
        return EXIT_GENUINE
    say(f"verify.online.{status}" if status in ONLINE_ANSWERS else "verify.online.unknown")
    return EXIT_GENUINE if status == "valid" else EXIT_NOT_VALID


@dataclass(frozen=True)
class SealCheck:
    """What a screen shows about one seal: the verdict, where the trust list came from, the online status."""

    verdict: SealVerdict | None
    """None when there is no trust list at all (never reached the portal, nothing cached)."""
    from_cache: bool
    """True when the portal could not be reached and the trust list saved on this terminal was used."""
    online: str | None
    """valid / revoked / expired / unknown from the portal, REFUSED (this terminal's credential); None when
    not asked or not reachable."""


def check_seal(
    seal_text: str, settings: Settings, *, offline: bool = False, portal_url: str | None = None
) -> SealCheck:
    """Check a seal as `kiosk verify` does, for a screen: blocking (network), so call it from a thread.

    ``portal_url``: the running portal's address when the caller knows it (the kiosk's core does).
    """
    from kiosk.seal import verify_seal

    trust_list = None if offline else refresh_trust_list(settings, portal_url=portal_url)
    from_cache = trust_list is None
    if trust_list is None:
        trust_list = cached_trust_list(settings)
        if trust_list is None:
            return SealCheck(verdict=None, from_cache=True, online=None)
    verdict = verify_seal(seal_text.strip(), trust_list)
    online = None
    if verdict.valid and verdict.document is not None and not offline and not from_cache:
        online = online_status(settings, verdict.document.doc_id, portal_url=portal_url)
    return SealCheck(verdict=verdict, from_cache=from_cache, online=online)
