"""Printing benchmark: render time per document and submit-to-printer latency.

Each figure is measured beside a baseline taken in the same run, so the ratio
survives a noisy machine:

* render: a bare reportlab page (Helvetica, one line) with the same QR text
  drawn the obvious way (qrcode's own mask choice, reportlab Path); a second
  baseline draws the QR with printing.qr, to show what our layout costs.
* submit: through PrintService to the hermetic CUPS + ippeveprinter stack,
  until the file lands in the printer's spool, beside a bare ``lp -o raw``;
  and to the spool folder beside a bare write + fsync.

Run: .venv/bin/python bench/printing.py [--runs N]
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
import gc
import io
import json
import os
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable

ROOT = Path(__file__).resolve().parents[1]

import qrcode  # noqa: E402
import qrcode.constants  # noqa: E402
from reportlab.pdfgen.canvas import Canvas  # noqa: E402

from printing import samples  # noqa: E402
from printing.documents.certificate import render_certificate  # noqa: E402
from printing.documents.day_report import render_day_report  # noqa: E402
from printing.documents.receipt import render_receipt  # noqa: E402
from printing.documents.ticket import render_ticket  # noqa: E402
from printing.qr import draw_qr  # noqa: E402
from printing.service import PrintService  # noqa: E402

TARGETS_MS = {"receipt": 10.0, "certificate": 20.0}
MAX_RATIO = 1.5


def bare_page(qr_text: str, level: int, size: tuple[float, float]) -> bytes:
    """What a first attempt looks like: qrcode's matrix, a reportlab Path, Helvetica."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=size)
    canvas.setFont("Helvetica", 10)
    canvas.drawString(20, size[1] - 30, "Document")
    code = qrcode.QRCode(error_correction=level, border=4)
    code.add_data(qr_text)
    code.make(fit=True)
    matrix = code.get_matrix()
    module = 120 / len(matrix)
    path = canvas.beginPath()
    for r, row in enumerate(matrix):
        for c, dark in enumerate(row):
            if dark:
                path.rect(20 + c * module, 20 + (len(matrix) - r) * module, module, module)
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def bare_page_fast_qr(qr_text: str, level: str, size: tuple[float, float]) -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=size)
    canvas.setFont("Helvetica", 10)
    canvas.drawString(20, size[1] - 30, "Document")
    draw_qr(canvas, qr_text, 20, 20, 120, level)  # type: ignore[arg-type]
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def interleaved_medians(functions: dict[str, Callable[[], object]], runs: int) -> dict[str, float]:
    """Median ms of each function, run in turns so that load spikes hit all alike.

    As timeit does, the garbage collector is paused while a function runs (and collects between runs),
    so one function's garbage is not billed to the next.
    """
    for function in functions.values():
        function()  # warm caches (fonts, QR tables)
    times: dict[str, list[float]] = {name: [] for name in functions}
    for _ in range(runs):
        for name, function in functions.items():
            gc.collect()
            gc.disable()
            try:
                start = time.perf_counter()
                function()
                times[name].append((time.perf_counter() - start) * 1000)
            finally:
                gc.enable()
    return {name: statistics.median(values) for name, values in times.items()}


def bench_render(runs: int) -> list[dict[str, object]]:
    receipt = samples.sample_receipt()
    ticket = samples.sample_ticket()
    certificate = samples.sample_certificate()
    report = samples.sample_day_report()
    roll = (226.77, 400.0)
    a4 = (595.28, 841.89)
    m, q = qrcode.constants.ERROR_CORRECT_M, qrcode.constants.ERROR_CORRECT_Q
    cases = [
        ("receipt", lambda: render_receipt(receipt), receipt.status_url or "", m, "M", roll),
        ("ticket", lambda: render_ticket(ticket), ticket.follow_url or "", m, "M", roll),
        ("certificate", lambda: render_certificate(certificate), certificate.seal, q, "Q", a4),
        ("day-report", lambda: render_day_report(report), "", m, "M", a4),
    ]
    rows = []
    for name, render, qr_text, level, letter, size in cases:
        text = qr_text or "https://portal.example.pt"

        def baseline(text: str = text, level: int = level, size: tuple[float, float] = size) -> bytes:
            return bare_page(text, level, size)

        def fast(text: str = text, letter: str = letter, size: tuple[float, float] = size) -> bytes:
            return bare_page_fast_qr(text, letter, size)

        medians = interleaved_medians({"doc": render, "bare": baseline, "bare_fast": fast}, runs)
        rows.append(
            {
                "document": name,
                "median_ms": round(medians["doc"], 2),
                "bare_page_ms": round(medians["bare"], 2),
                "ratio": round(medians["doc"] / medians["bare"], 2),
                "bare_page_fast_qr_ms": round(medians["bare_fast"], 2),
                "target_ms": TARGETS_MS.get(name),
                "pdf_bytes": len(render()),
            }
        )
    return rows


def wait_for_file(folder: Path, before: set[Path], timeout: float = 15.0) -> float:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        now = set(folder.rglob("*.pdf")) - before
        if now:
            return time.perf_counter()
        time.sleep(0.002)
    raise TimeoutError("no file reached the printer spool")


def bench_submit(runs: int) -> list[dict[str, object]]:
    pdf = render_receipt(samples.sample_receipt())
    rows: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        spool = work / "spool"
        spool.mkdir()
        service = PrintService(work / "journal.sqlite", {"receipt": f"spool:{spool}"})
        counter = iter(range(10**6))

        def through_service() -> None:
            service.submit("receipt", f"B-{next(counter)}", "receipt", pdf)

        def bare_write() -> None:
            path = work / f"bare-{next(counter)}.pdf"
            with path.open("wb") as file:
                file.write(pdf)
                file.flush()
                os.fsync(file.fileno())

        medians = interleaved_medians({"doc": through_service, "bare": bare_write}, runs)
        service.close()
        rows.append(
            {
                "path": "spool",
                "median_ms": round(medians["doc"], 2),
                "baseline_ms": round(medians["bare"], 2),
                "ratio": round(medians["doc"] / medians["bare"], 2),
            }
        )
    rows.extend(bench_cups(pdf, max(5, runs // 4)))
    return rows


def wait_idle(endpoints: list[object], timeout: float = 20.0) -> None:
    """Both the CUPS queue and the printer idle: each measured job starts from rest."""
    from printing.ipp import IppEndpoint, printer_attributes

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        states = []
        for endpoint in endpoints:
            assert isinstance(endpoint, IppEndpoint)
            states.append(printer_attributes(endpoint, ["printer-state"]).first("printer-state"))
        if all(state == 3 for state in states):
            return
        time.sleep(0.02)
    raise TimeoutError("printer never went idle")


def bench_cups(pdf: bytes, runs: int) -> list[dict[str, object]]:
    try:
        from tests.printing.print_stack import PrintStack

        stack = PrintStack().start()
    except BaseException as error:  # pytest's skip is a BaseException; report, don't crash
        print(f"cups: stack unavailable ({type(error).__name__}: {error})", file=sys.stderr)
        return [{"path": "cups", "median_ms": None, "baseline_ms": None, "ratio": None}]
    try:
        work = stack.root / "bench"
        work.mkdir()
        source = work / "receipt.pdf"
        source.write_bytes(pdf)
        target = f"cups:{stack.queue}?server={stack.cups_socket}"
        service = PrintService(work / "journal.sqlite", {"documents": target})
        from printing.backends.cups import cups_endpoint
        from printing.ipp import endpoint_for_uri

        idle = [cups_endpoint(str(stack.cups_socket), stack.queue), endpoint_for_uri(stack.printer_uri)]
        service_ms: list[float] = []
        bare_ms: list[float] = []
        for n in range(runs):
            wait_idle(idle)
            before = set(stack.spool.rglob("*.pdf"))
            start = time.perf_counter()
            service.submit("documents", f"C-{n}", "receipt", pdf)
            service_ms.append((wait_for_file(stack.spool, before) - start) * 1000)
            wait_idle(idle)
            before = set(stack.spool.rglob("*.pdf"))
            start = time.perf_counter()
            subprocess.run(
                ["lp", "-d", stack.queue, "-o", "raw", str(source)],
                env=stack.env,
                check=True,
                capture_output=True,
            )
            bare_ms.append((wait_for_file(stack.spool, before) - start) * 1000)
        service.close()
    finally:
        stack.close()
    service_median, bare_median = statistics.median(service_ms), statistics.median(bare_ms)
    ratio = round(service_median / bare_median, 2)
    return [
        {
            "path": "cups",
            "median_ms": round(service_median, 1),
            "baseline_ms": round(bare_median, 1),
            "ratio": ratio,
        }
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=40)
    args = parser.parse_args()
    render = bench_render(args.runs)
    print(
        f"{'document':<12} {'median ms':>10} {'bare page ms':>13} {'ratio':>6} "
        f"{'bare+fast QR ms':>16} {'target ms':>10} {'PDF bytes':>10}"
    )
    for row in render:
        target = "" if row["target_ms"] is None else f"{row['target_ms']:.0f}"
        print(
            f"{row['document']:<12} {row['median_ms']:>10} {row['bare_page_ms']:>13} "
            f"{row['ratio']:>6} {row['bare_page_fast_qr_ms']:>16} {target:>10} "
            f"{row['pdf_bytes']:>10}"
        )
    submit = bench_submit(args.runs)
    print(f"\n{'submit to':<12} {'median ms':>10} {'baseline ms':>12} {'ratio':>6}")
    for row in submit:
        print(f"{row['path']:<12} {row['median_ms']!s:>10} {row['baseline_ms']!s:>12} {row['ratio']!s:>6}")
    ok = all(
        float(str(row["ratio"])) <= MAX_RATIO
        and (row["target_ms"] is None or float(str(row["median_ms"])) <= float(str(row["target_ms"])))
        for row in render
    )
    print(
        json.dumps(
            {
                "benchmark": "printing",
                "runs": args.runs,
                "render": render,
                "submit": submit,
                "within_targets": ok,
            },
            ensure_ascii=False,
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
