"""A new permanent-certificate access code for a company (POST /v1/companies/{nipc}/certificate-code).

Only a partner of the company, or the person who registered it for the partners, signed in with the citizen
card, gets one; the portal answers anyone else with the same 403, whether the NIPC is registered or not. The
code is in the answer alone: a retry under the same Idempotency-Key gets the same code, a new key a new one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import quote

from kiosk.client.portal import PortalClient


@dataclass(frozen=True)
class CertificateCode:
    nipc: str
    company_name: str
    label: str
    """What the code is, in the language asked: printed beside it."""
    code: str = field(repr=False)
    """Shown and printed once; the previous code stopped working when this one was made."""


async def new_certificate_code(
    client: PortalClient, nipc: str, *, citizen_token: str, idempotency_key: str, language: str
) -> CertificateCode:
    """Ask for a new code; PortalError (status 403) when this person may not have one."""
    headers = {"X-Session-Token": citizen_token, "Idempotency-Key": idempotency_key}
    path = f"/v1/companies/{quote(nipc, safe='')}/certificate-code"
    data = await client.call("POST", path, language, headers=headers)
    return CertificateCode(
        nipc=str(data["nipc"]),
        company_name=str(data["company_name"]),
        label=str(data["label"]),
        code=str(data["code"]),
    )
