"""Benchmark: identity read through pcscd + vpcd for each profile, against raw pyscard.

For each profile the identity read (profile detection + text part) runs through the card
layer; the very same APDUs are then replayed raw with pyscard on the same connection in
the same run: the ratio shows what the layer adds (target: at most 1.15). A second pass
gives the emulator a per-APDU delay modelling a real card, to estimate time to identity on
screen; the photo read is reported apart.

Run: .venv/bin/python bench/card_read.py [--runs 30] [--delay-ms 25]
Needs pcscd with the vpcd driver (started here when absent, and stopped after).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kiosk.card.session import CardSession
from kiosk.card.transport import PcscTransport

READER = "Virtual PCD 00 00"
CITIZENS = {"pt-cc1": "maria", "pt-cc2": "joao", "be-eid": "lucas"}


class RecordingTransport:
    """Passes APDUs to pcscd and remembers them, for the raw replay."""

    def __init__(self, inner: PcscTransport) -> None:
        self.inner = inner
        self.sent: list[bytes] = []

    @property
    def atr(self) -> bytes:
        return self.inner.atr

    @property
    def protocol(self) -> str:
        return self.inner.protocol

    def transmit(self, apdu: bytes | bytearray) -> tuple[bytes, int]:
        self.sent.append(bytes(apdu))
        return self.inner.transmit(apdu)

    def close(self) -> None:
        """The benchmark keeps the connection open across runs."""


def ensure_pcscd() -> int | None:
    if Path("/run/pcscd/pcscd.comm").exists():
        return None
    subprocess.run(["pcscd"], check=True, timeout=10)
    time.sleep(0.3)
    return int(Path("/run/pcscd/pcscd.pid").read_bytes().strip(b"\x00\n "))


def connect(timeout: float = 10) -> PcscTransport:
    deadline = time.monotonic() + timeout
    while True:
        try:
            return PcscTransport(READER)
        except Exception:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def median_seconds(function: object, runs: int) -> float:
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        function()  # type: ignore[operator]
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


class EmulatorProcess:
    """`kiosk card emulate` in its own process, as in CI: no GIL shared with the reader side."""

    def __init__(self, profile: str, delay: float = 0.0) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "kiosk.card.cli", "emulate", "--profile", profile,
             "--citizen", CITIZENS[profile], "--delay", str(delay)],
            stdout=subprocess.PIPE, text=True,
        )  # fmt: skip
        assert self.process.stdout is not None
        self.process.stdout.readline()

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)
        time.sleep(0.3)  # let vpcd notice the card left before the next one comes


def measure(profile: str, runs: int, delay: float) -> dict[str, object]:
    server = EmulatorProcess(profile)
    try:
        transport = RecordingTransport(connect())
        session = CardSession.open(transport)
        session.read_identity()  # warm up: the emulator builds its files on first use
        session.read_photo()
        transport.sent.clear()
        CardSession.open(transport).read_identity()
        identity_apdus = list(transport.sent)
        connection = transport.inner.connection

        direct = transport.inner

        def layer() -> None:
            CardSession.open(direct).read_identity()

        def raw() -> None:
            for apdu in identity_apdus:
                connection.transmit(list(apdu))

        # Alternate the two run by run, so drift on a shared machine hits both alike.
        layer_samples, raw_samples = [], []
        for _ in range(runs):
            layer_samples.append(median_seconds(layer, 1))
            raw_samples.append(median_seconds(raw, 1))
        layer_time = statistics.median(layer_samples)
        raw_time = statistics.median(raw_samples)
        best_ratio = min(layer_samples) / min(raw_samples)

        transport.sent.clear()
        session = CardSession.open(transport)
        session.read_identity()
        photo_started = time.perf_counter()
        session.read_photo()
        photo_time = time.perf_counter() - photo_started
        photo_apdus = len(transport.sent) - len(identity_apdus)
        transport.inner.close()
    finally:
        server.stop()
    slow_server = EmulatorProcess(profile, delay)
    try:
        slow = connect()
        CardSession.open(slow).read_identity()  # warm up the emulator's files
        started = time.perf_counter()
        CardSession.open(slow).read_identity()
        slow_identity = time.perf_counter() - started
        started = time.perf_counter()
        for apdu in identity_apdus:
            slow.connection.transmit(list(apdu))
        slow_raw = time.perf_counter() - started
        slow.close()
    finally:
        slow_server.stop()
    return {
        "profile": profile,
        "identity_apdus": len(identity_apdus),
        "identity_ms": round(layer_time * 1000, 3),
        "raw_replay_ms": round(raw_time * 1000, 3),
        "ratio": round(layer_time / raw_time, 3),
        "best_ratio": round(best_ratio, 3),
        "photo_apdus": photo_apdus,
        "photo_ms": round(photo_time * 1000, 3),
        "identity_at_card_speed_ms": round(slow_identity * 1000, 1),
        "ratio_at_card_speed": round(slow_identity / slow_raw, 3),
        "photo_at_card_speed_ms_estimate": round(photo_apdus * delay * 1000, 1),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--delay-ms", type=float, default=25.0, help="per-APDU time of a real card (T=0)")
    args = parser.parse_args()
    os.environ.setdefault("KIOSK_DEMO_CA_DIR", tempfile.mkdtemp(prefix="bench-demo-ca-"))
    started_pcscd = ensure_pcscd()
    try:
        results = [measure(profile, args.runs, args.delay_ms / 1000) for profile in CITIZENS]
    finally:
        if started_pcscd:
            os.kill(started_pcscd, signal.SIGTERM)
    header = (
        f"{'profile':8} {'APDUs':>5} {'layer ms':>9} {'raw ms':>8} {'ratio':>6} {'best':>6} "
        f"{'photo APDUs':>11} {'photo ms':>9} {'@card ms':>9} {'@card ratio':>11}"
    )
    print(header)
    print("-" * len(header))
    for row in results:
        print(
            f"{row['profile']:8} {row['identity_apdus']:>5} {row['identity_ms']:>9} "
            f"{row['raw_replay_ms']:>8} {row['ratio']:>6} {row['best_ratio']:>6} {row['photo_apdus']:>11} "
            f"{row['photo_ms']:>9} {row['identity_at_card_speed_ms']:>9} {row['ratio_at_card_speed']:>11}"
        )
    print(f"(@card: identity read with the emulator taking {args.delay_ms} ms per APDU)")
    worst = max(float(str(row["ratio"])) for row in results)
    print("ratio = median layer / median raw replay; best = fastest layer / fastest raw")
    print(
        json.dumps(
            {
                "benchmark": "card_read",
                "delay_ms": args.delay_ms,
                "max_ratio": worst,
                "max_best_ratio": max(float(str(row["best_ratio"])) for row in results),
                "ratio_ok": worst <= 1.15,
                "profiles": results,
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
