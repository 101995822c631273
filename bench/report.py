"""Figures that benchmarks report and the table `make bench` prints."""

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class Figure:
    """One measured figure, with the target it is checked against (ok=None when there is none)."""

    benchmark: str
    metric: str
    value: float
    unit: str
    target: str = ""
    ok: bool | None = None


def median_ms(func: Callable[[], object], *, repeat: int = 50, warmup: int = 5) -> float:
    """Return the median wall time of `func()` in milliseconds."""
    for _ in range(warmup):
        func()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        func()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def print_table(figures: list[Figure]) -> None:
    """Print the figures as an aligned table."""
    rows = [("benchmark", "metric", "value", "target", "")]
    for f in figures:
        verdict = "" if f.ok is None else ("ok" if f.ok else "MISSED")
        rows.append((f.benchmark, f.metric, f"{f.value:,.2f} {f.unit}", f.target, verdict))
    widths = [max(len(row[i]) for row in rows) for i in range(5)]
    for index, row in enumerate(rows):
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))
        if index == 0:
            print("  ".join("-" * width for width in widths))
