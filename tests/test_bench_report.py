"""`make bench` writes its figures for people and for tools, each beside its baseline and
its target, saying whether the target was met."""

import json

from bench import harness
from bench.harness import (
    Result,
    Timing,
    median_under,
    p95_ratio_at_most,
    same_queries,
    throughput_ratio_at_least,
)


def test_each_figure_is_written_beside_its_baseline_with_its_target_met_or_missed(tmp_path, monkeypatch) -> None:
    fast, slow = Timing(10.0, 12.0, 6), Timing(40.0, 50.0, 21)
    monkeypatch.setattr(
        harness,
        "RESULTS",
        [
            Result("queue page", slow, fast, "bare view", target=p95_ratio_at_most(1.5)),
            Result("home page", Timing(11.0, 13.0, 6), fast, "bare view", target=p95_ratio_at_most(1.5)),
            Result("sweep", Timing(90.0, 95.0, 5), Timing(80.0, 85.0, 5), "small sweep", target=median_under(100)),
            Result("sweep queries", Timing(90.0, 95.0, 5), Timing(9.0, 9.0, 5), "batch of 10", target=same_queries()),
            Result("validator", slow, slow, "(one run)"),
            Result(
                "submit over HTTP",
                Timing(30.0, 40.0, 25, throughput_rps=50.0),
                Timing(10.0, 12.0, 6, throughput_rps=120.0),
                "bare insert",
                target=throughput_ratio_at_least(0.5),
            ),
        ],
    )
    harness.results_write(tmp_path, {"date": "2026-12-02", "machine": "x86_64, 2 cores"})

    written = json.loads((tmp_path / "results.json").read_text())
    assert written["run"]["machine"] == "x86_64, 2 cores"
    verdicts = {row["case"]: (row["verdict"], row["ratio"]) for row in written["results"]}
    assert verdicts == {
        "queue page": ("miss", 4.0),
        "home page": ("pass", 1.1),
        "sweep": ("pass", 1.12),
        "sweep queries": ("pass", 10.0),
        "validator": ("", 1.0),
        "submit over HTTP": ("miss", 3.0),
    }
    throughputs = {row["case"]: (row["throughput_rps"], row["baseline_throughput_rps"]) for row in written["results"]}
    assert throughputs["submit over HTTP"] == (50.0, 120.0)
    assert throughputs["queue page"] == (None, None)
    assert "throughput 50.0/s, baseline 120.0/s (0.42x)" in harness.table()
    table = (tmp_path / "results.md").read_text()
    assert (
        "| queue page | 40.0 | 50.0 | 21 | bare view | 10.0 | 6 | 4.0x | p95 at most 1.5x the baseline's | miss |"
        in table
    )
    assert "- machine: x86_64, 2 cores" in table
