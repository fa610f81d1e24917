"""The kiosk's client for the Portal API: typed models written against the published contract."""

from kiosk.client.models import FormField, ServiceDetail, ServiceSummary, Submission
from kiosk.client.portal import PortalClient, PortalError, PortalUnavailable

__all__ = [
    "FormField",
    "PortalClient",
    "PortalError",
    "PortalUnavailable",
    "ServiceDetail",
    "ServiceSummary",
    "Submission",
]
