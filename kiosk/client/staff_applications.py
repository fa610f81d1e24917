"""What the staff routes answer about applications: the back office's lists and a citizen's history.

Read by :class:`kiosk.client.staff.StaffClient`; an application in full is a :class:`Submission`
(kiosk/client/models.py), as the citizen's own side reads it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class ApplicationSummary:
    """An application as a list shows it: what, where and how far, never who."""

    reference: str
    service_code: str
    service_name: str
    status: str
    channel: str
    created_at: str
    updated_at: str
    payment_status: str | None

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ApplicationSummary:
        return cls(
            reference=str(data["reference"]),
            service_code=str(data.get("service_code") or ""),
            service_name=str(data.get("service_name") or data.get("service_code") or ""),
            status=str(data.get("status") or ""),
            channel=str(data.get("channel") or ""),
            created_at=str(data.get("created_at") or ""),
            updated_at=str(data.get("updated_at") or ""),
            payment_status=data.get("payment_status"),
        )


@dataclass(frozen=True)
class ApplicationPage:
    items: tuple[ApplicationSummary, ...]
    total: int
    limit: int
    offset: int

    @property
    def has_next(self) -> bool:
        return self.offset + len(self.items) < self.total

    @classmethod
    def from_json(cls, data: dict[str, Any], limit: int) -> ApplicationPage:
        """``limit``: the one asked for, when the portal does not say which it used."""
        return cls(
            items=tuple(ApplicationSummary.from_json(item) for item in data.get("items") or ()),
            total=int(data.get("total") or 0),
            limit=int(data.get("limit") or limit),
            offset=int(data.get("offset") or 0),
        )


@dataclass(frozen=True)
class DocumentSummary:
    id: str
    type: str
    title: str
    application_reference: str
    status: str
    issued_at: str
    expires_at: str

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> DocumentSummary:
        return cls(
            id=str(data["id"]),
            type=str(data.get("type") or ""),
            title=str(data.get("title") or ""),
            application_reference=str(data.get("application_reference") or ""),
            status=str(data.get("status") or ""),
            issued_at=str(data.get("issued_at") or ""),
            expires_at=str(data.get("expires_at") or ""),
        )


@dataclass(frozen=True)
class CitizenHistory:
    given_names: str
    surname: str
    applications: tuple[ApplicationSummary, ...]
    documents: tuple[DocumentSummary, ...]

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> CitizenHistory:
        person = data.get("person") or {}
        return cls(
            given_names=str(person.get("given_names") or ""),
            surname=str(person.get("surname") or ""),
            applications=tuple(ApplicationSummary.from_json(item) for item in data.get("applications") or ()),
            documents=tuple(DocumentSummary.from_json(item) for item in data.get("documents") or ()),
        )
