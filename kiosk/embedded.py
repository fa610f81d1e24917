"""The embedded reference portal that `kiosk demo` runs beside the kiosk.

It runs in its own process, so the kiosk paints its first screen without waiting for the portal's imports, and
the two meet only over HTTP on loopback, exactly as a kiosk and a real portal do.
"""

from __future__ import annotations

import contextlib
import ctypes
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from kiosk.config import Settings

_PR_SET_PDEATHSIG = 1


def demo_token_file(settings: Settings) -> Path:
    """Where the embedded portal writes this terminal's demo device credential: one file per mode.

    The README runs a kiosk, a counter and a display demo from one checkout, sharing one data folder; with one
    file for all three each demo overwrote the others' credential, and a kiosk asked the portal with the
    display's, which the portal refuses (QA H2).
    """
    return settings.kiosk.data_dir / f"demo-device-token-{settings.kiosk.mode}"


class EmbeddedPortalError(RuntimeError):
    """The embedded portal did not come up; the message says where its log is."""


def _die_with_parent() -> None:  # pragma: no cover - runs in the child between fork and exec
    # A kiosk killed with -9 must not leave an orphan portal holding the port.
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


def listening_socket(preferred: int) -> socket.socket:
    """A TCP socket listening on loopback: on the preferred port when it is free, else on any free one.

    The portal process inherits it (``portal serve --fd``). Binding here, rather than choosing a free port and
    letting the child bind it later, leaves no moment in which another process (a second kiosk, a test running
    beside this one) can take the port, or answer the health check in this portal's place.
    """
    for port in (preferred, 0):
        sock = socket.socket()
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind(("127.0.0.1", port))
            sock.listen(128)
        except OSError:
            sock.close()
            continue
        sock.set_inheritable(True)
        return sock
    raise EmbeddedPortalError("no free TCP port on loopback")


@dataclass
class EmbeddedPortal:
    """Start, wait for and stop the demo portal process."""

    settings: Settings
    port: int = 0
    process: subprocess.Popen[bytes] | None = field(default=None, repr=False)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def token_file(self) -> Path:
        return demo_token_file(self.settings)

    @property
    def log_file(self) -> Path:
        return self.settings.kiosk.data_dir / "portal.log"

    def start(self, port: int | None = None) -> None:
        """Start the portal process; ``port`` restarts it where the kiosk's client already points."""
        listener = listening_socket(self.settings.portal.embedded_port) if port is None else self._reclaim(port)
        self.port = int(listener.getsockname()[1])
        self.settings.kiosk.data_dir.mkdir(parents=True, exist_ok=True)
        command = [
            sys.executable, "-m", "kiosk", "portal", "serve",
            "--db", self.settings.portal_database,
            "--fd", str(listener.fileno()),
            "--demo",
            "--demo-token-file", str(self.token_file),
            # A counter or a display signs in with its own kind of device credential, never the kiosk's.
            "--demo-device", self.settings.kiosk.mode,
        ]  # fmt: skip
        with listener, self.log_file.open("ab") as log:
            self.process = subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=log,
                pass_fds=(listener.fileno(),),
                preexec_fn=_die_with_parent,
            )

    @staticmethod
    def _reclaim(port: int, timeout: float = 5.0) -> socket.socket:
        """The port of a portal that just stopped: the kiosk's client still points there."""
        deadline = time.monotonic() + timeout
        while True:
            listener = listening_socket(port)
            if listener.getsockname()[1] == port:
                return listener
            listener.close()
            if time.monotonic() > deadline:
                raise EmbeddedPortalError(f"port {port} of the embedded portal is taken by another program")
            time.sleep(0.1)

    def wait_ready(self, timeout: float = 60.0) -> str:
        """Block until the portal answers its health check; return the demo token of this terminal's mode."""
        import httpx

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                raise EmbeddedPortalError(f"the embedded portal stopped; see {self.log_file}")
            with contextlib.suppress(httpx.HTTPError):
                if (
                    httpx.get(f"{self.url}/v1/health", timeout=1.0).status_code == 200
                    and self.token_file.exists()
                ):
                    return self.token_file.read_text(encoding="utf-8").strip()
            time.sleep(0.1)
        raise EmbeddedPortalError(f"the embedded portal did not answer in {timeout:.0f} s; see {self.log_file}")

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
