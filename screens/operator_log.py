"""The operator's log, for the screens: imported on first use.

The logging package costs about 14 ms to import, a tenth of the kiosk's first paint, and nothing on the attract
screen needs it until something happens worth telling the operator.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import logging


def operator_log(name: str) -> logging.Logger:
    import logging

    return logging.getLogger(name)
