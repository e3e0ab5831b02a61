"""A tiny benchmark harness: each case runs next to a baseline in the same
process, on the same database, and is reported as a ratio. Absolute numbers
vary between machines; ratios to a bare baseline measured alongside do not
vary much."""

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.db import connection

RESULTS: list["Result"] = []


@dataclass
class Timing:
    median_ms: float
    p95_ms: float
    queries: int


@dataclass
class Result:
    case: str
    subject: Timing
    baseline: Timing
    baseline_name: str
    note: str = ""

    @property
    def ratio(self) -> float:
        return self.subject.median_ms / self.baseline.median_ms if self.baseline.median_ms else float("inf")


def measure(fn: Callable[[], object], *, repeat: int = 30, warmup: int = 3) -> Timing:
    for _ in range(warmup):
        fn()
    samples = []
    # Counted by a wrapper, not Django's query log: that log keeps only the last
    # 9,000 queries, which a slow case exceeds, and then miscounts.
    executed = []
    with connection.execute_wrapper(lambda execute, *args: executed.append(1) or execute(*args)):
        for _ in range(repeat):
            start = time.perf_counter()
            fn()
            samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return Timing(
        median_ms=statistics.median(samples),
        p95_ms=samples[max(0, int(len(samples) * 0.95) - 1)],
        queries=len(executed) // repeat,
    )


def compare(
    case: str,
    subject: Callable[[], object],
    baseline: Callable[[], object],
    *,
    baseline_name: str,
    note: str = "",
    repeat: int = 30,
) -> Result:
    result = Result(case, measure(subject, repeat=repeat), measure(baseline, repeat=repeat), baseline_name, note)
    RESULTS.append(result)
    return result


def table() -> str:
    head = (
        f"{'case':<44} {'median ms':>10} {'p95 ms':>8} {'queries':>8}   "
        f"{'baseline':<32} {'median ms':>10} {'queries':>8} {'ratio':>7}"
    )
    lines = [head, "-" * len(head)]
    for r in RESULTS:
        lines.append(
            f"{r.case:<44} {r.subject.median_ms:>10.2f} {r.subject.p95_ms:>8.2f} {r.subject.queries:>8}   "
            f"{r.baseline_name:<32} {r.baseline.median_ms:>10.2f} {r.baseline.queries:>8} {r.ratio:>6.2f}x"
        )
        if r.note:
            lines.append(f"    {r.note}")
    return "\n".join(lines)


def write_report(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(table() + "\n")
