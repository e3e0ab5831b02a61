"""A tiny benchmark harness: each case runs in turns with a baseline in the same
process, on the same database, and is reported as a ratio. Absolute numbers
vary between machines; ratios to a bare baseline measured alongside do not
vary much."""

import datetime as dt
import json
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import django
from django.db import connection

RESULTS: list["Result"] = []
# Figures that are not timings, each a titled Markdown table printed after the timings and
# written into results.md (the coaching's precision and recall).
TABLES: dict[str, str] = {}


@dataclass
class Timing:
    median_ms: float
    p95_ms: float
    queries: int
    # Requests a second, for a figure measured under load (pages over HTTP, bench/http.py).
    throughput_rps: float | None = None


@dataclass(frozen=True)
class Target:
    """What a figure is asked to meet, in words, and whether a result meets it: issue 15's targets,
    and a few of this bench's own, which say so in their words."""

    text: str
    met: Callable[["Result"], bool]


def p95_ratio_at_most(limit: float) -> Target:
    return Target(
        f"p95 at most {limit}x the baseline's",
        lambda r: r.subject.p95_ms <= limit * r.baseline.p95_ms,
    )


def median_under(ms: float) -> Target:
    return Target(f"median under {ms:g} ms", lambda r: r.subject.median_ms < ms)


def throughput_ratio_at_least(limit: float) -> Target:
    return Target(
        f"throughput at least {limit}x the baseline's",
        lambda r: (r.subject.throughput_rps or 0) >= limit * (r.baseline.throughput_rps or float("inf")),
    )


def same_queries() -> Target:
    return Target("the same queries as the baseline", lambda r: r.subject.queries == r.baseline.queries)


@dataclass
class Result:
    case: str
    subject: Timing
    baseline: Timing
    baseline_name: str
    note: str = ""
    target: Target | None = None

    @property
    def ratio(self) -> float:
        return self.subject.median_ms / self.baseline.median_ms if self.baseline.median_ms else float("inf")

    @property
    def verdict(self) -> str:
        """pass or miss against its target; "" for a figure with none."""
        if self.target is None:
            return ""
        return "pass" if self.target.met(self) else "miss"


def measure(fn: Callable[[], object], *, repeat: int = 30, warmup: int = 3) -> Timing:
    (timing,) = _in_turns([fn], repeat=repeat, warmup=warmup)
    return timing


def _in_turns(fns: list[Callable[[], object]], *, repeat: int, warmup: int = 3) -> list[Timing]:
    """Each function `repeat` times, taking turns (a, b, a, b...), so that whatever else this shared
    machine does while they run falls on all of them alike, as the HTTP cases' rounds do."""
    for _ in range(warmup):
        for fn in fns:
            fn()
    samples: list[list[float]] = [[] for _ in fns]
    # Counted by a wrapper, not Django's query log: that log keeps only the last
    # 9,000 queries, which a slow case exceeds, and then miscounts.
    executed = []
    queries = [0 for _ in fns]
    with connection.execute_wrapper(lambda execute, *args: executed.append(1) or execute(*args)):
        for _ in range(repeat):
            for n, fn in enumerate(fns):
                before = len(executed)
                start = time.perf_counter()
                fn()
                samples[n].append((time.perf_counter() - start) * 1000)
                queries[n] += len(executed) - before
    timings = []
    for n, taken in enumerate(samples):
        taken.sort()
        timings.append(
            Timing(
                median_ms=statistics.median(taken),
                p95_ms=taken[max(0, int(len(taken) * 0.95) - 1)],
                queries=queries[n] // repeat,
            )
        )
    return timings


def compare(
    case: str,
    subject: Callable[[], object],
    baseline: Callable[[], object],
    *,
    baseline_name: str,
    note: str = "",
    repeat: int = 30,
    target: Target | None = None,
) -> Result:
    measured, bare = _in_turns([subject, baseline], repeat=repeat)
    result = Result(case, measured, bare, baseline_name, note, target)
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
            + (f"  {r.verdict}: {r.target.text}" if r.target else "")
        )
        if r.subject.throughput_rps is not None and r.baseline.throughput_rps:
            lines.append(
                f"    throughput {r.subject.throughput_rps:.1f}/s, baseline {r.baseline.throughput_rps:.1f}/s "
                f"({r.subject.throughput_rps / r.baseline.throughput_rps:.2f}x)"
            )
        if r.note:
            lines.append(f"    {r.note}")
    return "\n".join(lines)


def write_report(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(table() + "\n")


def run_facts() -> dict:
    """Where and when the figures were measured: they mean little without it."""
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
    return {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}",
        "system": platform.platform(),
        "python": sys.version.split()[0],
        "django": django.get_version(),
        "postgresql": postgres,
    }


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def results_write(folder: Path, facts: dict) -> None:
    """bench/results.json for tools, bench/results.md for people: every figure beside its
    baseline and, where issue 15 sets one, its target and whether it was met."""
    rows = [
        {
            "case": r.case,
            "median_ms": round(r.subject.median_ms, 2),
            "p95_ms": round(r.subject.p95_ms, 2),
            "queries": r.subject.queries,
            "baseline": r.baseline_name,
            "baseline_median_ms": round(r.baseline.median_ms, 2),
            "baseline_p95_ms": round(r.baseline.p95_ms, 2),
            "baseline_queries": r.baseline.queries,
            "ratio": round(r.ratio, 2),
            "throughput_rps": _rounded(r.subject.throughput_rps),
            "baseline_throughput_rps": _rounded(r.baseline.throughput_rps),
            "target": r.target.text if r.target else "",
            "verdict": r.verdict,
            "note": r.note,
        }
        for r in RESULTS
    ]
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "results.json").write_text(json.dumps({"run": facts, "results": rows}, indent=2) + "\n")
    lines = [
        "# Benchmark results",
        "",
        *(f"- {name}: {value}" for name, value in facts.items()),
        "",
        "| case | median ms | p95 ms | queries | baseline | median ms | queries | ratio | target | verdict |",
        "|---|---|---|---|---|---|---|---|---|---|",
        *(
            f"| {row['case']} | {row['median_ms']} | {row['p95_ms']} | {row['queries']} | {row['baseline']} | "
            f"{row['baseline_median_ms']} | {row['baseline_queries']} | {row['ratio']}x | {row['target']} | "
            f"{row['verdict']} |"
            for row in rows
        ),
    ]
    lines += [line for title, figures in TABLES.items() for line in ("", f"## {title}", "", figures)]
    (folder / "results.md").write_text("\n".join(lines) + "\n")
