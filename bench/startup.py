"""Cold start to the first painted attract screen, and peak RSS, beside a bare Textual app.

Each run is a fresh interpreter; the figure is the time from launching it to the end of its first screen
refresh (the child prints the wall clock at that moment), so it includes the interpreter, the imports, the
configuration and the first paint, and nothing after. The baseline (a bare Textual app with one
Static) runs interleaved with the kiosk in the same session, and the ratio is what survives a noisy machine.

    .venv/bin/python bench/startup.py [--runs 15]

Targets (issue 2): ratio of medians at most 1.3, kiosk peak RSS under 80 MB.
"""

from __future__ import annotations

import sys
from pathlib import Path

# Run as `python bench/NAME.py`, Python puts bench/ first on sys.path, where bench/queue.py would hide the
# standard library's queue module from everything imported below (asyncio's threads, httpx, multiprocessing):
# the repository root takes its place before any other import. Imported as bench.NAME, sys.path is left alone.
if Path(sys.path[0]).resolve() == Path(__file__).resolve().parent:
    sys.path[0] = str(Path(__file__).resolve().parents[1])

import argparse
import json
import os
import statistics
import subprocess
import tempfile
import time

ROOT = Path(__file__).resolve().parent.parent

BARE_APP = """
import time
from textual.app import App
from textual.widgets import Static

class Bare(App[None]):
    def compose(self):
        yield Static("Insert your citizen card")

    def on_mount(self) -> None:
        self.call_after_refresh(self.painted)

    def painted(self) -> None:
        print(time.time(), time.process_time(), flush=True)
        self.exit()

Bare().run(headless=True, size=(80, 24))
"""

KIOSK_FIRST_PAINT = """
import sys
import time
from kiosk import cli  # the `kiosk` command: its imports and its parsing of `kiosk --config PATH run`
from kiosk.config import load_settings
from screens.app import KioskApp

argv = ["--config", sys.argv[1], "run"]
arguments = cli.build_parser(argv).parse_args(argv)

class FirstPaint(KioskApp):
    # Textual calls on_mount of every class along the MRO: KioskApp's runs too, once (no super() call here).
    def on_mount(self) -> None:
        self.call_after_refresh(self.painted)

    def painted(self) -> None:
        ON_PAINT
        self.exit()

app = FirstPaint(load_settings(arguments.config))
try:
    app.run(headless=True, size=(80, 24))
finally:
    app.stop_services()
"""
"""The kiosk as `kiosk run` starts it, its command line parsed (config file path as its argument), running
ON_PAINT at its first paint and leaving: bench/startup.py prints the clocks there,
tests/ui/test_startup_imports.py the modules loaded."""

KIOSK_APP = KIOSK_FIRST_PAINT.replace("ON_PAINT", "print(time.time(), time.process_time(), flush=True)")


def measure(code: str, *args: str, env: dict[str, str]) -> tuple[float, float, float]:
    """Seconds from launch to the first painted screen, peak RSS (MB), and the CPU seconds the interpreter
    had used by that paint, of one fresh interpreter."""
    started = time.time()
    process = subprocess.Popen(
        [sys.executable, "-c", code, *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None
    assert process.stderr is not None
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"run failed: {process.stderr.read().decode()}")
    painted, cpu = (float(figure) for figure in output.split()[-2:])
    return painted - started, usage.ru_maxrss / 1024, cpu


Run = tuple[float, float, float]
"""Seconds to the first paint, peak RSS in MB, CPU seconds to the first paint.

On a loaded machine the wall clock also counts the time other processes had the cores; the CPU seconds
count only the interpreter's own work, so their ratio moves much less from run to run."""


def bench_environment() -> dict[str, str]:
    """This environment, without animations, and writing bytecode as an installed kiosk has it.

    With PYTHONDONTWRITEBYTECODE set (as in some shells and CI), every module edited since its .pyc was last
    written would be compiled again at each start, and the figure would measure that instead of the kiosk:
    the warm-up runs below write the bytecode, the measured runs read it.
    """
    env = {**os.environ, "TEXTUAL_ANIMATIONS": "none"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def interleaved_runs(runs: int) -> tuple[list[Run], list[Run]]:
    """The bare app and the kiosk in turns, each in a fresh interpreter, after one warm-up run of each."""
    with tempfile.TemporaryDirectory() as data:
        config = Path(data) / "kiosk.toml"
        # A portal nobody answers: the kiosk must paint without waiting for it (it connects in the background).
        config.write_text(f'[kiosk]\ndata_dir = "{data}"\n[portal]\nurl = "http://127.0.0.1:9/"\n')
        env = bench_environment()
        measure(BARE_APP, env=env)  # warm the file cache and write the bytecode, once for both
        measure(KIOSK_APP, str(config), env=env)
        bare, kiosk = [], []
        for _ in range(runs):
            bare.append(measure(BARE_APP, env=env))
            kiosk.append(measure(KIOSK_APP, str(config), env=env))
    return bare, kiosk


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    runs = parser.parse_args().runs
    bare, kiosk = interleaved_runs(runs)
    bare_s = statistics.median(t for t, _, _ in bare)
    kiosk_s = statistics.median(t for t, _, _ in kiosk)
    bare_cpu = statistics.median(c for _, _, c in bare)
    kiosk_cpu = statistics.median(c for _, _, c in kiosk)
    bare_mb = max(m for _, m, _ in bare)
    kiosk_mb = max(m for _, m, _ in kiosk)
    ratio = kiosk_s / bare_s
    print(f"{'app':<28}{'median start (s)':>18}{'min (s)':>10}{'CPU (s)':>10}{'peak RSS (MB)':>16}")
    for name, runs_of, wall, cpu, mb in (
        ("bare Textual + one Static", bare, bare_s, bare_cpu, bare_mb),
        ("kiosk attract screen", kiosk, kiosk_s, kiosk_cpu, kiosk_mb),
    ):
        print(f"{name:<28}{wall:>18.3f}{min(t for t, _, _ in runs_of):>10.3f}{cpu:>10.3f}{mb:>16.1f}")
    print(
        f"ratio {ratio:.2f} (target <= 1.3; of CPU seconds: {kiosk_cpu / bare_cpu:.2f}), "
        f"kiosk peak RSS {kiosk_mb:.1f} MB (target < 80), runs {runs}"
    )
    print(
        json.dumps(
            {
                "benchmark": "startup",
                "runs": runs,
                "bare_median_s": round(bare_s, 4),
                "kiosk_median_s": round(kiosk_s, 4),
                "ratio": round(ratio, 3),
                "cpu_ratio": round(kiosk_cpu / bare_cpu, 3),
                "bare_peak_rss_mb": round(bare_mb, 1),
                "kiosk_peak_rss_mb": round(kiosk_mb, 1),
                "meets_targets": ratio <= 1.3 and kiosk_mb < 80,
            }
        )
    )


if __name__ == "__main__":
    main()
