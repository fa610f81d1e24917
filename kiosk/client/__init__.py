"""The kiosk's client for the Portal API: typed models written against the published contract."""

from kiosk.client.models import (
    Challenge,
    CitizenLogin,
    FormField,
    IssuedDocument,
    ServiceDetail,
    ServiceSummary,
    Submission,
)
from kiosk.client.portal import PortalClient, PortalError, PortalUnavailable

__all__ = [
    "Challenge",
    "CitizenLogin",
    "FormField",
    "IssuedDocument",
    "PortalClient",
    "PortalError",
    "PortalUnavailable",
    "ServiceDetail",
    "ServiceSummary",
    "Submission",
]
