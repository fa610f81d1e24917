"""The hermetic print stack of docs/platform.md: private D-Bus, ippeveprinter, private cupsd.

Nothing touches port 631, /etc/cups or the system bus; every process is
started here and stopped here.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import httpx

from printing.ipp import IppError, endpoint_for_uri, printer_attributes
from tests.helpers import require, require_tool, wait_for

PAPER_FORM = (
    "/media?size1=na_letter_8.5x11in&type1=stationery"
    "&size3=na_number-10_4.125x9.5in&type3=envelope&level3=-2&level1={level}"
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class PrintStack:
    def __init__(self, queue: str = "kiosk") -> None:
        for tool in ("dbus-daemon", "ippeveprinter", "lpadmin", "lpstat", "lp"):
            require_tool(tool)
        require(Path("/usr/sbin/cupsd").exists(), "cupsd (Debian package cups)")
        # cupsd runs its backends as user lp: every folder on the way to the
        # spooled job must be traversable by others, which pytest's tmp_path is not.
        self.root = Path(tempfile.mkdtemp(prefix="kiosk-print-stack-"))
        self.root.chmod(0o755)
        self.queue = queue
        self.spool = self.root / "spool"
        self.cups_dir = self.root / "cups"
        self.cups_socket = self.cups_dir / "cups.sock"
        self.ipp_port = free_port()
        self.cups_port = free_port()
        self.printer_uri = f"ipp://localhost:{self.ipp_port}/ipp/print"
        self._processes: dict[str, subprocess.Popen[bytes]] = {}
        self.env = {**os.environ, "CUPS_SERVER": str(self.cups_socket), "LANG": "C"}

    # -- processes ------------------------------------------------------------------
    def _spawn(self, name: str, command: list[str], env: dict[str, str] | None = None) -> None:
        log = (self.root / f"{name}.log").open("wb")
        self._processes[name] = subprocess.Popen(
            command, stdout=log, stderr=subprocess.STDOUT, env=env or self.env,
            start_new_session=True,
        )  # fmt: skip

    def _stop(self, name: str) -> None:
        process = self._processes.pop(name, None)
        if process is None or process.poll() is not None:
            return
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)

    def start(self) -> PrintStack:
        self.spool.mkdir(parents=True)
        (self.root / "dbus").mkdir()
        bus = self.root / "dbus" / "bus"
        self._spawn(
            "dbus",
            ["dbus-daemon", "--session", f"--address=unix:path={bus}", "--nofork", "--nopidfile"],
        )
        wait_for(bus.exists, "the private D-Bus socket")
        self.start_printer()
        self.start_cupsd()
        subprocess.run(
            ["lpadmin", "-p", self.queue, "-E", "-v", self.printer_uri, "-m", "everywhere"],
            env=self.env, check=True, capture_output=True, timeout=30,
        )  # fmt: skip
        return self

    def start_printer(self) -> None:
        # -c with a command that succeeds makes jobs complete in about a second
        # instead of ippeveprinter's simulated 12 s of printing.
        command = self.root / "print-command.sh"
        command.write_text('#!/bin/sh\ncat "$1" > /dev/null\nexit 0\n')
        command.chmod(0o755)
        env = {**self.env, "DBUS_SYSTEM_BUS_ADDRESS": f"unix:path={self.root / 'dbus' / 'bus'}"}
        self._spawn(
            "ippeveprinter",
            ["ippeveprinter", "-r", "off", "-k", "-d", str(self.spool), "-c", str(command),
             "-f", "application/pdf,image/pwg-raster", "-p", str(self.ipp_port),
             "-n", "localhost", "KioskSim"],
            env,
        )  # fmt: skip
        endpoint = endpoint_for_uri(self.printer_uri)

        def answers() -> bool:
            try:
                printer_attributes(endpoint, ["printer-state"])
            except IppError:
                return False
            return True

        wait_for(answers, "ippeveprinter")

    def stop_printer(self) -> None:
        self._stop("ippeveprinter")

    def start_cupsd(self) -> None:
        cups = self.cups_dir
        for sub in ("spool", "cache", "state", "log", "tmp", "ppd"):
            (cups / sub).mkdir(parents=True, exist_ok=True)
            (cups / sub).chmod(0o755)
        cups.chmod(0o755)
        (cups / "tmp").chmod(0o1777)
        (cups / "cups-files.conf").write_text(
            f"ServerRoot {cups}\nRequestRoot {cups}/spool\nCacheDir {cups}/cache\n"
            f"StateDir {cups}/state\nTempDir {cups}/tmp\nAccessLog {cups}/log/access_log\n"
            f"ErrorLog {cups}/log/error_log\nPageLog {cups}/log/page_log\nSystemGroup root\n"
            f"Printcap {cups}/printcap\n"
        )
        (cups / "cupsd.conf").write_text(
            f"LogLevel info\nListen 127.0.0.1:{self.cups_port}\nListen {self.cups_socket}\n"
            "Browsing No\nWebInterface No\n"
            "<Location />\n  Order allow,deny\n  Allow localhost\n</Location>\n"
            "<Policy default>\n  <Limit All>\n    Order deny,allow\n  </Limit>\n</Policy>\n"
        )
        self._spawn(
            "cupsd",
            ["/usr/sbin/cupsd", "-f", "-c", str(cups / "cupsd.conf"),
             "-s", str(cups / "cups-files.conf")],
        )  # fmt: skip

        def running() -> bool:
            result = subprocess.run(["lpstat", "-r"], env=self.env, capture_output=True, text=True)
            return "is running" in result.stdout

        wait_for(running, "the private cupsd")

    def stop_cupsd(self) -> None:
        self._stop("cupsd")

    def close(self) -> None:
        for name in ("cupsd", "ippeveprinter", "dbus"):
            self._stop(name)
        shutil.rmtree(self.root, ignore_errors=True)

    # -- the printer's front panel --------------------------------------------------
    def set_paper(self, level: int) -> None:
        """Paper level of tray 1 through ippeveprinter's /media web form; 0 = out of paper."""
        url = f"http://localhost:{self.ipp_port}" + PAPER_FORM.format(level=level)
        httpx.get(url, timeout=5).raise_for_status()

    def spooled(self) -> list[Path]:
        """Documents that reached the simulated printer."""
        return sorted(self.spool.rglob("*.pdf"))


def running_stack(queue: str = "kiosk") -> Iterator[PrintStack]:
    """A started stack for a fixture to yield, closed afterwards, and closed too when it fails to start."""
    stack = PrintStack(queue=queue)
    try:
        stack.start()
    except BaseException:
        stack.close()
        raise
    try:
        yield stack
    finally:
        stack.close()
