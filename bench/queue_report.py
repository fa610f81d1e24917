"""The queue benchmark's figures (bench/queue.py): what one phase measured, and the table and JSON line it
prints, judged against issue 14's targets."""

from __future__ import annotations

import argparse
import json
from collections import Counter
from dataclasses import dataclass, field

P99_TARGET_MS = 100.0
MIN_CALLS = 10_000


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


@dataclass
class Phase:
    latencies: list[float] = field(default_factory=list)
    done_latencies: list[float] = field(default_factory=list)
    called: list[str] = field(default_factory=list)
    errors: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0
    client_cpu: float = 0.0
    portal_cpu: float = 0.0

    @property
    def requests(self) -> int:
        return len(self.latencies) + len(self.done_latencies)

    def ms(self, share: float, done: bool = False) -> float:
        return percentile(self.done_latencies if done else self.latencies, share) * 1000


def report(
    args: argparse.Namespace,
    phases: dict[str, Phase],
    issued: set[str],
    open_tickets: int,
    call_events: Counter[str],
) -> None:
    called = [ticket for phase in phases.values() for ticket in phase.called]
    duplicates = sum(count - 1 for count in Counter(called).values() if count > 1)
    duplicates += sum(count - 1 for count in call_events.values() if count > 1)
    lost = len(issued - set(called)) + open_tickets
    print(
        f"{args.desks} desks, {args.workers} portal workers, PostgreSQL; "
        f"clerks serve {args.serve_min}-{args.serve_max} s"
    )
    print(
        f"{'phase':<34}{'requests':>9}{'req/s':>7}{'p50 ms':>8}{'p99 ms':>8}{'max ms':>8}"
        f"{'errors':>7}{'client ms/req':>14}{'portal ms/req':>14}"
    )
    names = {
        "baseline": "baseline GET /v1/health",
        "saturation": "saturation call-next",
        "clerks baseline": "clerks' baseline GET /v1/health",
        "clerks": "clerks call-next",
    }
    for key, phase in phases.items():
        rows = [(names[key], False)]
        if phase.done_latencies:
            rows.append((f"  ... done ({key})", True))
        for name, done in rows:
            values = phase.done_latencies if done else phase.latencies
            client, server = (cpu / phase.requests * 1000 for cpu in (phase.client_cpu, phase.portal_cpu))
            print(
                f"{name:<34}{len(values):>9}{len(values) / phase.seconds:>7.0f}{phase.ms(0.5, done):>8.1f}"
                f"{phase.ms(0.99, done):>8.1f}{phase.ms(1.0, done):>8.1f}"
                f"{sum(phase.errors.values()) if not done else 0:>7}"
                f"{client:>14.2f}{server:>14.2f}"
            )
        if phase.errors:
            print(f"  errors by kind: {dict(phase.errors)}")
    clerks, saturation = phases["clerks"], phases.get("saturation", Phase())
    base = phases["clerks baseline"]
    print(
        f"tickets called: {len(called)}  twice: {duplicates}  lost: {lost}  (database: {open_tickets} not done)"
    )
    p99 = clerks.ms(0.99)
    ratio = p99 / base.ms(0.99) if base.latencies else 0.0
    verdict = p99 < P99_TARGET_MS and duplicates == 0 and lost == 0 and len(clerks.called) >= MIN_CALLS
    print(
        f"clerks' call-next p99 {p99:.1f} ms (target < {P99_TARGET_MS:.0f}), {ratio:.2f}x the bare endpoint's"
        f" p99 under the same pauses; saturation p99 {saturation.ms(0.99):.1f} ms"
    )
    summary = {
        "p99_ms": round(p99, 1),
        "p50_ms": round(clerks.ms(0.5), 1),
        "duplicates": duplicates,
        "lost": lost,
        "calls": len(clerks.called),
        "errors": sum(sum(phase.errors.values()) for phase in phases.values()),
        "model": f"clerks serve {args.serve_min}-{args.serve_max} s",
        "done_p99_ms": round(clerks.ms(0.99, done=True), 1),
        "baseline_p99_ms": round(base.ms(0.99), 1),
        "ratio": round(ratio, 2),
        "saturation_p99_ms": round(saturation.ms(0.99), 1),
        "saturation_p50_ms": round(saturation.ms(0.5), 1),
        "saturation_calls": len(saturation.called),
        "saturation_calls_per_s": round(len(saturation.called) / saturation.seconds, 1)
        if saturation.seconds
        else 0,
        "saturation_baseline_p99_ms": round(phases["baseline"].ms(0.99), 1),
        "desks": args.desks,
        "workers": args.workers,
        "meets_targets": verdict,
    }
    print(json.dumps(summary))
