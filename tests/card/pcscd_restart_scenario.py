"""Run inside a private mount+network namespace: a pcscd of our own is restarted under a
watching PcscMonitor, without disturbing the host's pcscd. Prints the events as JSON lines.

Usage (as root): unshare -m -n --propagation private python -m tests.card.pcscd_restart_scenario
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from kiosk.card.emulator.card import EmulatedCard
from kiosk.card.emulator.vpcd import VpcdCard
from kiosk.card.events import ReaderEvent
from kiosk.card.monitor import PcscMonitor

RUN = Path("/run/pcscd")


def start_pcscd() -> int:
    subprocess.run(["pcscd"], check=True, timeout=10)
    deadline = time.monotonic() + 10
    while not (RUN / "pcscd.pid").exists():
        if time.monotonic() > deadline:
            raise TimeoutError("pcscd did not start")
        time.sleep(0.02)
    return int((RUN / "pcscd.pid").read_bytes().strip(b"\x00\n "))


def stop_pcscd(pid: int) -> None:
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + 10
    while Path(f"/proc/{pid}").exists() and time.monotonic() < deadline:
        time.sleep(0.02)


def wait_for(events: list[ReaderEvent], kind: str, after: int, timeout: float = 15) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if any(event.kind == kind for event in events[after:]):
            return
        time.sleep(0.02)


def main() -> int:
    RUN.mkdir(parents=True, exist_ok=True)
    subprocess.run(["mount", "-t", "tmpfs", "tmpfs", str(RUN)], check=True)
    subprocess.run(["ip", "link", "set", "lo", "up"], check=True)
    pid = start_pcscd()
    events: list[ReaderEvent] = []
    card = VpcdCard(EmulatedCard("pt-cc1", "maria")).start()
    monitor = PcscMonitor(events.append).start()
    try:
        wait_for(events, "inserted", 0)
        mark = len(events)
        stop_pcscd(pid)
        wait_for(events, "reader_removed", mark)
        mark_restart = len(events)
        pid = start_pcscd()
        wait_for(events, "inserted", mark_restart)
    finally:
        monitor.stop()
        card.stop()
        stop_pcscd(pid)
    for event in events:
        print(json.dumps({"kind": str(event.kind), "reader": event.reader}))
    print(json.dumps({"restarts": monitor.restarts}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
