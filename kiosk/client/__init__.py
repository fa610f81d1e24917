"""The kiosk's client for the Portal API: typed models written against the published contract."""

from kiosk.client.models import ServiceSummary, Submission
from kiosk.client.portal import PortalClient, PortalError, PortalUnavailable

__all__ = ["PortalClient", "PortalError", "PortalUnavailable", "ServiceSummary", "Submission"]
