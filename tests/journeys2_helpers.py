"""Shared by the tests of citizen journeys II (change of address, company, bundles): the demo letterbox and
Pilot helpers."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Sequence

PORTAL_CLI = (sys.executable, "-m", "portal.cli")


def letter_code(database_url: str, reference: str, command: Sequence[str] = PORTAL_CLI) -> str:
    """The code printed in the letter sent for a change of address, as `portal letters` lists it."""
    letters = subprocess.run(
        [*command, "letters", "--db", database_url], capture_output=True, text=True, timeout=60, check=True
    ).stdout
    line = next(line for line in letters.splitlines() if line.startswith(reference))
    return line.rsplit(" ", 1)[1]
