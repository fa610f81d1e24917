"""Entry point for uvicorn workers: settings travel from the `serve` command in an environment variable."""

from __future__ import annotations

import os

from portal.app import create_served_app
from portal.fastpath import CatalogFastPath
from portal.settings import PortalSettings

SETTINGS_VARIABLE = "PORTAL_SETTINGS_JSON"


def app_from_environment() -> CatalogFastPath:
    return create_served_app(PortalSettings.model_validate_json(os.environ[SETTINGS_VARIABLE]))
