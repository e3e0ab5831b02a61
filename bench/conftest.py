from pathlib import Path

import pytest

from bench import harness


@pytest.fixture(scope="session", autouse=True)
def bench_report(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        facts = harness.run_facts()
    yield
    for title, figures in harness.TABLES.items():
        print(f"\n\n{title}:\n{figures}")
    if harness.RESULTS:
        harness.results_write(Path(__file__).resolve().parent, facts)
        report = harness.table()
        print("\n\nBenchmarks (each case beside its baseline, same run, same database):\n" + report)
        harness.write_report(Path(__file__).resolve().parent.parent / "var" / "bench-report.txt")
