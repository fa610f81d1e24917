"""Benchmark: identity read through pcscd + vpcd for each profile, against raw pyscard.

For each profile the identity read (profile detection + text part) runs through the card
layer; the very same APDUs are then replayed raw with pyscard on the same connection in
the same run: the ratio shows what the layer adds (target: at most 1.15). A second pass
gives the emulator a per-APDU delay modelling a real card, to estimate time to identity on
screen; the photo read is reported apart.

Layer and raw runs are interleaved in pairs (alternating which goes first), after warm-up,
with the garbage collector paused; the ratio is given from medians, from 10 % trimmed means
and as the median of per-pair ratios, so one noisy neighbour on a shared machine does not
decide the verdict. The @card pass also reports an identity read served by an IdentityCache.

Run: .venv/bin/python bench/card_read.py [--runs 400] [--delay-ms 25]
Needs pcscd with the vpcd driver (started here when absent, and stopped after).
"""

from __future__ import annotations

import sys
from pathlib import Path

# Run as `python bench/NAME.py`, Python puts bench/ first on sys.path, where bench/queue.py would hide the
# standard library's queue module from everything imported below (asyncio's threads, httpx, multiprocessing):
# the repository root takes its place before any other import. Imported as bench.NAME, sys.path is left alone.
if Path(sys.path[0]).resolve() == Path(__file__).resolve().parent:
    sys.path[0] = str(Path(__file__).resolve().parents[1])

import argparse  # noqa: I001
import gc
import json
import os
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable


from kiosk.card.cache import IdentityCache
from kiosk.card.session import CardSession
from kiosk.card.transport import PcscTransport, RecordingTransport
from tests.card import pcscd_daemon

READER = "Virtual PCD 00 00"
CITIZENS = {"pt-cc1": "maria", "pt-cc2": "joao", "be-eid": "lucas"}
WARM_UP_RUNS = 20
TRIM = 0.1  # trimmed mean: drop the fastest and slowest 10 %
SLOW_RUNS = 5  # pairs timed with the emulator at a real card's speed


def connect(timeout: float = 10) -> PcscTransport:
    deadline = time.monotonic() + timeout
    while True:
        try:
            return PcscTransport(READER)
        except Exception:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def trimmed_mean(samples: list[float], cut: float = TRIM) -> float:
    """Mean without the ``cut`` fraction of lowest and highest samples (scheduler hiccups)."""
    ordered = sorted(samples)
    drop = int(len(ordered) * cut)
    kept = ordered[drop : len(ordered) - drop] or ordered
    return statistics.fmean(kept)


def timed(function: Callable[[], object]) -> float:
    started = time.perf_counter()
    function()
    return time.perf_counter() - started


def interleaved(
    layer: Callable[[], object], raw: Callable[[], object], runs: int
) -> tuple[list[float], list[float]]:
    """Time ``layer`` and ``raw`` in alternating pairs (ABBA), so drift and order hit both alike.

    The garbage collector is paused while timing, as timeit does: its pauses land on
    whichever run happens to trigger them and would only add noise to a ratio.
    """
    for _ in range(WARM_UP_RUNS):
        layer()
        raw()
    layer_samples: list[float] = []
    raw_samples: list[float] = []
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        for run in range(runs):
            if run % 2:
                raw_samples.append(timed(raw))
                layer_samples.append(timed(layer))
            else:
                layer_samples.append(timed(layer))
                raw_samples.append(timed(raw))
    finally:
        if gc_was_enabled:
            gc.enable()
    return layer_samples, raw_samples


class EmulatorProcess:
    """`kiosk card emulate` in its own process, as in CI: no GIL shared with the reader side."""

    def __init__(self, profile: str, delay: float = 0.0) -> None:
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "kiosk.card.cli",
                "emulate",
                "--profile",
                profile,
                "--citizen",
                CITIZENS[profile],
                "--delay",
                str(delay),
            ],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout is not None
        self.process.stdout.readline()

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)
        time.sleep(0.3)  # let vpcd notice the card left before the next one comes


def measure(profile: str, runs: int, delay: float) -> dict[str, object]:
    server = EmulatorProcess(profile)
    try:
        transport = RecordingTransport(connect(), keep_open=True)
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

        layer_samples, raw_samples = interleaved(layer, raw, runs)
        layer_time = statistics.median(layer_samples)
        raw_time = statistics.median(raw_samples)
        pair_ratios = [one / other for one, other in zip(layer_samples, raw_samples, strict=True)]

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

        def slow_layer() -> None:
            CardSession.open(slow).read_identity()

        def slow_replay() -> None:
            for apdu in identity_apdus:
                slow.connection.transmit(list(apdu))

        slow_layer_samples: list[float] = []
        slow_raw_samples: list[float] = []
        for _ in range(SLOW_RUNS):
            slow_layer_samples.append(timed(slow_layer))
            slow_raw_samples.append(timed(slow_replay))
        slow_identity = statistics.median(slow_layer_samples)
        slow_raw = statistics.median(slow_raw_samples)

        # A kiosk session's later card sessions: the cache checks serial and SOD, reads nothing else.
        cache = IdentityCache()
        CardSession.open(slow, cache=cache).read_identity()
        hit_started = time.perf_counter()
        hit_session = CardSession.open(slow, cache=cache)
        hit_session.read_identity()
        slow_hit = time.perf_counter() - hit_started
        hit_apdus = hit_session.apdu_count
        slow.close()
    finally:
        slow_server.stop()
    return {
        "profile": profile,
        "identity_apdus": len(identity_apdus),
        "identity_ms": round(layer_time * 1000, 3),
        "raw_replay_ms": round(raw_time * 1000, 3),
        "ratio": round(layer_time / raw_time, 3),
        "trimmed_ratio": round(trimmed_mean(layer_samples) / trimmed_mean(raw_samples), 3),
        "paired_median_ratio": round(statistics.median(pair_ratios), 3),
        "best_ratio": round(min(layer_samples) / min(raw_samples), 3),
        "photo_apdus": photo_apdus,
        "photo_ms": round(photo_time * 1000, 3),
        "identity_at_card_speed_ms": round(slow_identity * 1000, 1),
        "cache_hit_apdus": hit_apdus,
        "cache_hit_at_card_speed_ms": round(slow_hit * 1000, 1),
        "ratio_at_card_speed": round(slow_identity / slow_raw, 3),
        "photo_at_card_speed_ms_estimate": round(photo_apdus * delay * 1000, 1),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=400, help="interleaved layer/raw pairs per profile")
    parser.add_argument("--delay-ms", type=float, default=25.0, help="per-APDU time of a real card (T=0)")
    args = parser.parse_args()
    os.environ.setdefault("KIOSK_DEMO_CA_DIR", tempfile.mkdtemp(prefix="bench-demo-ca-"))
    started_pcscd = pcscd_daemon.start_unless_running()
    try:
        results = [measure(profile, args.runs, args.delay_ms / 1000) for profile in CITIZENS]
    finally:
        if started_pcscd:
            pcscd_daemon.stop(started_pcscd)
    header = (
        f"{'profile':8} {'APDUs':>5} {'layer ms':>9} {'raw ms':>8} {'ratio':>6} {'trim':>6} {'pairs':>6} "
        f"{'best':>6} {'photo APDUs':>11} {'photo ms':>9} {'@card ms':>9} {'@card ratio':>11} "
        f"{'hit APDUs':>9} {'hit@card ms':>11}"
    )
    print(header)
    print("-" * len(header))
    for row in results:
        print(
            f"{row['profile']:8} {row['identity_apdus']:>5} {row['identity_ms']:>9} "
            f"{row['raw_replay_ms']:>8} {row['ratio']:>6} {row['trimmed_ratio']:>6} "
            f"{row['paired_median_ratio']:>6} {row['best_ratio']:>6} {row['photo_apdus']:>11} "
            f"{row['photo_ms']:>9} {row['identity_at_card_speed_ms']:>9} {row['ratio_at_card_speed']:>11} "
            f"{row['cache_hit_apdus']:>9} {row['cache_hit_at_card_speed_ms']:>11}"
        )
    print(f"{args.runs} interleaved layer/raw pairs per profile after {WARM_UP_RUNS} warm-up pairs, GC paused")
    print(
        "ratio = median layer / median raw replay; trim = 10 % trimmed means; "
        "pairs = median of per-pair ratios; best = fastest / fastest"
    )
    print(
        f"@card: emulator taking {args.delay_ms} ms per APDU (median of {SLOW_RUNS}); "
        "hit: identity again through an IdentityCache (detection + serial + SOD check only)"
    )

    def worst(key: str) -> float:
        return max(float(str(row[key])) for row in results)

    print(
        json.dumps(
            {
                "benchmark": "card_read",
                "runs": args.runs,
                "delay_ms": args.delay_ms,
                "max_ratio": worst("ratio"),
                "max_trimmed_ratio": worst("trimmed_ratio"),
                "max_paired_median_ratio": worst("paired_median_ratio"),
                "max_best_ratio": worst("best_ratio"),
                "ratio_ok": worst("ratio") <= 1.15 and worst("trimmed_ratio") <= 1.15,
                "profiles": results,
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
