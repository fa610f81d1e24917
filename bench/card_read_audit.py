"""What reporting a card read to the portal's audit trail adds to the read the person waits for.

KioskCore with the demo settings (the in-process simulated reader, no portal, so the report stays in the
outbox): only the read itself is timed, run in a thread as the app runs it (`asyncio.to_thread`). Baseline:
`read_card` with nothing told of the read. Then the same read with the audit wired as the kiosk runs it, once
the app's loop is known (`CardReadAudit.note` hands the report to the loop, which writes the outbox in the
background; each timed read waits, untimed, for that write, as a person's pace would allow), and before it
is (the write to the outbox happens in the card's thread). The three alternate on the same card, after
warm-up. The simulated reader answers far faster than a real card, so the ratios are a worst case.
Prints a table and one final JSON line.

    .venv/bin/python bench/card_read_audit.py [--reads 200]
"""

from __future__ import annotations

import sys
from pathlib import Path

# Run as `python bench/NAME.py`, Python puts bench/ first on sys.path, where bench/queue.py would hide the
# standard library's queue module from everything imported below (asyncio's threads, httpx, multiprocessing):
# the repository root takes its place before any other import. Imported as bench.NAME, sys.path is left alone.
if Path(sys.path[0]).resolve() == Path(__file__).resolve().parent:
    sys.path[0] = str(Path(__file__).resolve().parents[1])

ROOT = Path(__file__).resolve().parent.parent

import argparse  # noqa: E402
import asyncio  # noqa: E402
import json  # noqa: E402
import statistics  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from collections.abc import Awaitable, Callable  # noqa: E402
from typing import Any  # noqa: E402

WARM_UP = 10


def demo_settings(folder: Path) -> Any:
    """The project's kiosk.toml with its data folder (the outbox, the log) in a temporary folder."""
    from kiosk.config import load_settings

    text = (ROOT / "kiosk.toml").read_text(encoding="utf-8")
    path = folder / "kiosk.toml"
    path.write_text(
        text.replace('data_dir = "var"', f'data_dir = "{folder / "var"}"')
        .replace('"spool:var/spool"', f'"spool:{folder / "var" / "spool"}"')
        .replace('"var/print-journal.sqlite"', f'"{folder / "var" / "print-journal.sqlite"}"'),
        encoding="utf-8",
    )
    return load_settings(path, env={})


async def run(reads: int, folder: Path) -> tuple[dict[str, list[float]], int]:
    from kiosk.core import KioskCore

    core = KioskCore(demo_settings(folder))
    core.start_reader(lambda event: None)
    core.insert_demo_card()
    audit = core.card_reads
    await audit.deliver()  # learns the loop, as the app's first outbox delivery does (no portal: sends nothing)

    async def read(on_read: Callable[..., None] | None) -> float:
        core.cards.on_read = on_read
        started = time.perf_counter()
        await asyncio.to_thread(core.read_card)
        elapsed = (time.perf_counter() - started) * 1000
        await audit.settled()
        return elapsed

    def without_loop(*args: Any) -> None:
        loop, audit._loop = audit._loop, None  # as before the portal is up
        try:
            audit.note(*args)
        finally:
            audit._loop = loop

    cases: dict[str, Callable[[], Awaitable[float]]] = {
        "without the audit (baseline)": lambda: read(None),
        "audited, loop known (the running app)": lambda: read(audit.note),
        "audited, before the loop is known": lambda: read(without_loop),
    }
    samples: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(WARM_UP):
        for case in cases.values():
            await case()
    for turn in range(reads):
        names = list(cases)
        for name in names[turn % 3 :] + names[: turn % 3]:
            samples[name].append(await cases[name]())
    kept = core.outbox.card_read_counts()["pending"]
    core.stop()
    return samples, kept


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reads", type=int, default=200, help="timed reads of each kind")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-card-read-audit-") as folder:
        samples, kept = asyncio.run(run(args.reads, Path(folder)))

    medians = {name: statistics.median(values) for name, values in samples.items()}
    baseline, in_app, early = medians.values()
    print(f"{'identity read in a thread (simulated reader)':<46}{'median ms':>11}{'p95 ms':>9}{'ratio':>8}")
    for name, values in samples.items():
        p95 = statistics.quantiles(values, n=20)[-1]
        print(f"{name:<46}{medians[name]:>11.3f}{p95:>9.3f}{medians[name] / baseline:>8.2f}")
    print(f"reports kept in the outbox: {kept} (expected {3 * (WARM_UP + args.reads) - WARM_UP - args.reads})")
    print(
        json.dumps(
            {
                "reads": args.reads,
                "baseline_ms": round(baseline, 4),
                "audited_ms": round(in_app, 4),
                "audited_ratio": round(in_app / baseline, 3),
                "before_loop_ms": round(early, 4),
                "before_loop_ratio": round(early / baseline, 3),
                "reports_kept": kept,
            }
        )
    )


if __name__ == "__main__":
    main()
