"""How every `kiosk` command fails: one plain line on stderr and a non-zero exit, never a traceback.

Used by the `kiosk` entry (kiosk/cli.py main) and by `python -m kiosk.card.cli`. It imports nothing heavy and
nothing of the UI or the journeys, so the card layer's own command line can use it too.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

Handler = Callable[[argparse.Namespace], int]

EXIT_BROKEN_PIPE = 141
"""What a shell reports for a program that SIGPIPE ended: `kiosk card read | head -1` after head has left."""
EXIT_INTERRUPTED = 130


def run_guarded(handler: Handler, args: argparse.Namespace, program: str = "kiosk") -> int:
    """Run one command so that whatever goes wrong ends as one plain line on stderr and a non-zero exit.

    The one place every `kiosk` command fails through: an error the project knows (configuration, card,
    portal, a file) is said in its own words; a reader that closed the pipe ends the command quietly; anything
    else is one line naming the error's type, and its traceback goes to the operator's log, never the screen.
    """
    try:
        code = handler(args)
        sys.stdout.flush()  # a reader that has gone (`| head`) shows up here, still inside the guard
        return code
    except BrokenPipeError:
        # The Python documentation's recipe (library/signal.html, "Note on SIGPIPE"): point stdout at devnull so
        # the interpreter's own flush at exit does not raise again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_BROKEN_PIPE
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except Exception as error:
        code, line = _failure(error, args, program)
        print(f"{program}: {line}", file=sys.stderr)
        return code


def _failure(error: Exception, args: argparse.Namespace, program: str) -> tuple[int, str]:
    """Exit code and the one line to print for ``error``; unexpected errors are logged with their traceback."""
    from kiosk.config import ConfigError

    if isinstance(error, ConfigError):
        return 2, f"configuration error in {error}"
    language = _language(args)
    known = _known_failure(error, language)
    if known is not None:
        return known
    from kiosk.i18n import text

    log = _log_unexpected(error, args, program)
    kind = type(error).__name__  # the type only: an exception's text may carry personal data
    if log is None:
        return 1, text(language, "cli.unexpected_no_log", error=kind)
    return 1, text(language, "cli.unexpected", error=kind, log=log)


def _known_failure(error: Exception, language: str) -> tuple[int, str] | None:
    """The errors the layers raise on purpose, each already phrased for a person; the modules imported only if
    they are loaded, since an error of a module never imported cannot be one of its errors."""
    errors = sys.modules.get("kiosk.card.errors")
    if errors is not None and isinstance(error, errors.CardError):
        # As `kiosk card` always said: 2 when there is no reader or no card, 1 for a card problem.
        return (2 if isinstance(error, errors.NoReader | errors.NoCard) else 1), error.user_message(language)
    portal = sys.modules.get("kiosk.client.portal")
    if portal is not None and isinstance(error, portal.PortalError):
        return 3, str(error)
    embedded = sys.modules.get("kiosk.embedded")
    if embedded is not None and isinstance(error, embedded.EmbeddedPortalError):
        return 1, str(error)
    if isinstance(error, OSError) and error.filename is not None:
        from kiosk.i18n import text

        reason = error.strerror or type(error).__name__
        return 1, text(language, "cli.file", path=error.filename, reason=reason)
    return None


def _language(args: argparse.Namespace) -> str:
    """The language asked for on the command line, else the configured one, else English."""
    asked = getattr(args, "lang", None)
    if isinstance(asked, str):
        return asked
    try:
        from kiosk.config import load_settings

        return load_settings(getattr(args, "config", None)).kiosk.language
    except Exception:  # a broken configuration must not hide the error being reported
        return "en"


def _log_unexpected(error: Exception, args: argparse.Namespace, program: str) -> Path | None:
    """Write the traceback to the operator's log (redacted there); the log's path, or None if there is none."""
    try:
        import logging

        from kiosk.config import load_settings
        from kiosk.logs import configure_logging

        settings = load_settings(getattr(args, "config", None))
        configure_logging(settings)
        command = " ".join(part for part in (program, getattr(args, "command", None)) if part)
        logging.getLogger("kiosk.cli").error("`%s` failed", command, exc_info=error)
    except Exception:
        return None
    return settings.logging.file
