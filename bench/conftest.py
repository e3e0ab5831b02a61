from pathlib import Path

import pytest

from bench import harness


@pytest.fixture(scope="session", autouse=True)
def bench_report():
    yield
    if harness.RESULTS:
        report = harness.table()
        print("\n\nBenchmarks (each case beside its baseline, same run, same database):\n" + report)
        harness.write_report(Path(__file__).resolve().parent.parent / "var" / "bench-report.txt")
