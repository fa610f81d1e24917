"""Typed settings of the reference portal; one object per process, built by the CLI or by tests."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

DEFAULT_MAX_BODY_BYTES = 64 * 1024


class PortalSettings(BaseModel):
    """Everything a portal worker needs; workers keep no other state, so several can share one database."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    database_url: str
    demo: bool = False
    """Demo mode trusts the demo CA and may seed the demo catalog, people and devices."""
    trusted_ca_dir: Path | None = None
    """Folder of PEM certificates of the CAs whose citizen cards may log in."""
    revocation_list_dir: Path | None = None
    """Folder of PEM/DER CRLs consulted at citizen login."""
    issuer_id: str = "PT-KIOSK-DEMO"
    session_ttl_seconds: int = Field(default=900, gt=0)
    max_body_bytes: int = Field(default=DEFAULT_MAX_BODY_BYTES, gt=0)
    catalog_cache_seconds: float = Field(default=30.0, ge=0)
    login_rate_per_minute: int = Field(default=30, gt=0)
    demo_token_file: Path | None = None
    """Where seed-demo writes the demo device credential so the embedded kiosk can read it."""
    sql_echo: bool = False
    housekeeping_seconds: float = Field(default=3600.0, gt=0)
    """How often each worker removes what has served its purpose (portal.seed.housekeeping)."""
    public_url: str | None = Field(default=None, pattern=r"^https?://[^\s/?#]+(/[^\s?#]*)?$")
    """Where clients reach this portal (https://portal.example.gov.pt); the Open311 discovery document
    advertises it. Unset, the address the worker listens on, never the Host header a client sent."""
