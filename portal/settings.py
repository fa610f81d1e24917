"""Typed settings of the reference portal; one object per process, built by the CLI or by tests."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

DEFAULT_MAX_BODY_BYTES = 64 * 1024
MIN_DIGEST_KEY_BYTES = 32
"""portal.security.MIN_DIGEST_KEY_BYTES (not imported: settings stay free of the portal's other modules)."""


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
    digest_key_file: Path | None = None
    """A file of at least 32 random bytes (head -c 32 /dev/urandom), the same for every worker, that keys the
    digests of numbers naming a person (an appointment's holder, a clerk's linked card;
    portal.security.keyed_digest). Unset: the published demo key. Kept out of the database, so a copy of it
    cannot be searched by trying numbers."""
    check_in_early_minutes: int = Field(default=30, ge=0, le=240)
    """How long before its start an appointment can be checked in (portal/appointments.py)."""
    check_in_late_minutes: int = Field(default=15, ge=0, le=240)
    """How long after its start; later, the booking is missed."""

    @field_validator("digest_key_file")
    @classmethod
    def _key_file_readable(cls, path: Path | None) -> Path | None:
        if path is None:
            return path
        try:
            size = len(path.read_bytes())
        except OSError as error:
            raise ValueError(f"cannot read the digest key file {path}: {error.strerror}") from None
        if size < MIN_DIGEST_KEY_BYTES:
            raise ValueError(f"the digest key file {path} holds {size} bytes; it needs {MIN_DIGEST_KEY_BYTES}")
        return path

    @model_validator(mode="after")
    def _coherent(self) -> PortalSettings:
        if self.demo and self.digest_key_file is not None:
            # The demo bookings are seeded with the demo key (portal.appointments.ensure_demo_appointments).
            raise ValueError(
                "the demo portal uses the published demo key: give a digest key file without --demo"
            )
        if self.check_in_early_minutes + self.check_in_late_minutes == 0:
            raise ValueError(
                "the check-in window is empty: give it at least one minute before or after the start"
            )
        return self
