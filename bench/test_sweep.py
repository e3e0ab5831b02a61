"""The deadline sweep: 1,000 due among a million open deadlines against the same
sweep among two thousand, its queries per batch at 10 and at 1,000 due, and two
sweepers in parallel on 10,000 due against one.

The sweep is set-based (deadlines/services.py): its cost follows what is due, not
what is stored, and its query count does not grow with the batch.
BENCH_SWEEP_STORED sets how many open deadlines are stored (1,000,000 by default); the same sweep
is then measured again with ten times as many (10,000,000 by default).
"""

import datetime as dt
import multiprocessing
import os
import time

import pytest
from django.db import connection, connections, transaction
from django.utils import timezone

from bench.harness import RESULTS, Result, Target, Timing, measure, median_under, same_queries
from bench.scale import bulk_loaded
from deadlines.models import Deadline
from deadlines.services import deadlines_sweep
from hub.models import Area
from hub.preload import worker_preload
from hub.roles import Role
from notifications.models import Notification
from tests.factories import persona
from tests.request_factories import phone_referral_taken
from thresholds.loader import frameworks_load

DUE = 1_000
STORED = int(os.environ.get("BENCH_SWEEP_STORED", "1000000"))
PARALLEL_DUE = 10_000
PAIRS = 7


@pytest.fixture(autouse=True)
def no_broker(monkeypatch):
    """The outbox rows are what the sweep writes; queueing each email's send task
    once the batch commits is one broker push per email, left out here."""
    monkeypatch.setattr("notifications.services.send_notification.delay", lambda pk: None)


def insert_deadlines(phone_id: int, count: int, *, due_now: bool) -> None:
    """Open written-follow-up deadlines; due ones have their next action in the past. Loaded with the
    table's plain indexes built afterwards and no per-row foreign-key check (bench.scale.bulk_loaded):
    the sweep then meets the same indexes, as compact as a restore leaves them."""
    with bulk_loaded(Deadline), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO deadlines_deadline (kind, phone_referral_id, start_event, started_at, due_at, unit, state, "
            "breach_reason, created_at, next_action_at) "
            "SELECT 'written_follow_up', %s, 'bench', now(), due, '24 hours', 'open', '', now(), "
            "due - interval '4 hours' "
            "FROM (SELECT now() + (CASE WHEN %s THEN interval '1 hour' ELSE interval '1 day' END) "
            "             + g * interval '1 second' AS due FROM generate_series(1, %s) g) s",
            [phone_id, due_now, count],
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE deadlines_deadline")
        # Write out what the load left in shared buffers now, not while the sweeps are timed: a
        # checkpoint flushing millions of new rows beside them cost the 10,000,000 case up to a fifth.
        cursor.execute("CHECKPOINT")


def a_phoned_referral():
    area = Area.objects.get(slug="lancashire")
    worker = persona(Role.HUB_WORKER, area=area)
    persona(Role.TEAM_MANAGER, area=area)
    phone = phone_referral_taken(by=worker, area=area, called_at=timezone.now() - dt.timedelta(hours=1))
    phone.deadlines.all().delete()
    return phone


def one_sweep(batch: int = DUE):
    def sweep() -> int:
        with transaction.atomic():
            sent = deadlines_sweep(now=timezone.now(), batch=batch)
            assert sent == batch
            # A sweep commits, and PostgreSQL checks the foreign keys Django declares deferred (one
            # for each outbox row's recipient) at the commit. Rolled back, they would never run:
            # this runs them here, inside the time measured (about 19 ms for 2,000 rows), on the
            # driver's connection so that the statement is not counted as one of the sweep's queries.
            connection.connection.execute("SET CONSTRAINTS ALL IMMEDIATE")
            transaction.set_rollback(True)  # put the stamps back, so every run sweeps the same rows
        return sent

    return sweep


@pytest.mark.django_db
def test_sweep_of_a_thousand_due_over_a_million_open_deadlines_against_two_thousand() -> None:
    phone = a_phoned_referral()
    insert_deadlines(phone.pk, DUE, due_now=True)
    insert_deadlines(phone.pk, DUE, due_now=False)
    small = measure(one_sweep(), repeat=9, warmup=1)
    insert_deadlines(phone.pk, STORED - 2 * DUE, due_now=False)
    large = measure(one_sweep(), repeat=9, warmup=1)
    few = measure(one_sweep(batch=10), repeat=5, warmup=1)
    RESULTS.append(
        Result(
            f"sweep: {DUE:,} due of {STORED:,} open",
            large,
            small,
            f"same sweep: {DUE:,} due of {2 * DUE:,} open",
            note=f"sends {DUE:,} chasers (2 outbox rows each) per sweep, with the checks a commit makes, "
            "in a rolled-back transaction; "
            "target: under 100 ms",
            target=median_under(100),
        )
    )
    RESULTS.append(
        Result(
            f"sweep queries: batch of {DUE:,} due",
            large,
            few,
            "same sweep: batch of 10 due",
            note=f"queries per batch: {large.queries} for {DUE:,} due, {few.queries} for 10; target: the same",
            target=same_queries(),
        )
    )
    assert large.queries == few.queries
    # Issue 15 asks again at ten times as many stored: the sweep's cost should not notice.
    insert_deadlines(phone.pk, 9 * STORED, due_now=False)
    tenfold = measure(one_sweep(), repeat=9, warmup=1)
    RESULTS.append(
        Result(
            f"sweep: {DUE:,} due of {10 * STORED:,} open",
            tenfold,
            small,
            f"same sweep: {DUE:,} due of {2 * DUE:,} open",
            note=f"as above, with {9 * STORED:,} more open deadlines inserted first; target: under 100 ms",
            target=median_under(100),
        )
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "EXPLAIN SELECT id FROM deadlines_deadline WHERE state = 'open' AND next_action_at IS NOT NULL "
            "AND next_action_at <= now() ORDER BY next_action_at LIMIT 1000"
        )
        plan = " ".join(row[0] for row in cursor.fetchall())
    assert "deadline_next_action" in plan, plan


def sweep_until_done(warmed, go, sent: "multiprocessing.Queue") -> None:
    """One sweep worker, as a running Celery worker is by its second sweep: connected, and warmed by
    one batch that it rolls back. Then, once the parent has settled the tables, batches of 1,000 until
    nothing is due, as beat's task would send them."""
    connection.ensure_connection()
    with transaction.atomic():
        deadlines_sweep(now=timezone.now(), batch=DUE)
        transaction.set_rollback(True)
    warmed.wait(timeout=BARRIER_SECONDS)
    go.wait(timeout=BARRIER_SECONDS)
    total = 0
    while count := deadlines_sweep(now=timezone.now(), batch=DUE):
        total += count
    sent.put(total)


# How long a worker or the parent waits for the others at a barrier before the run is given up.
BARRIER_SECONDS = 120


def timed_sweepers(workers: int) -> tuple[float, int]:
    """Sweep everything due with `workers` processes, as Celery workers are, each
    with its own connection. Returns the seconds taken and the stages sent in all."""
    connections.close_all()  # a forked child must open its own connection, not share ours
    context = multiprocessing.get_context("fork")
    warmed, go = context.Barrier(workers + 1), context.Barrier(workers + 1)
    sent = context.Queue()
    processes = [context.Process(target=sweep_until_done, args=(warmed, go, sent)) for _ in range(workers)]
    for process in processes:
        process.start()
    try:
        warmed.wait(timeout=BARRIER_SECONDS)
        settled()
        # The clock starts once every worker is warm and the tables settled: what is timed is sweeping.
        go.wait(timeout=BARRIER_SECONDS)
        start = time.perf_counter()
        totals = [sent.get(timeout=300) for _ in processes]
        seconds = time.perf_counter() - start
    finally:
        # If anything above failed, a worker left waiting at a barrier would keep pytest from exiting.
        warmed.abort()
        go.abort()
        for process in processes:
            process.join(timeout=60)
            if process.is_alive():
                process.terminate()
    return seconds, sum(totals)


def due_again() -> None:
    """Undo a run: no chaser sent, every clock due again."""
    Notification.objects.filter(kind__in=["chaser", "reminder"]).delete()
    Deadline.objects.update(chased_at=None, next_action_at=timezone.now() - dt.timedelta(minutes=1))


def settled() -> None:
    """The two tables settled before each run is timed, so that the run meets only its own work.

    Vacuumed, as autovacuum keeps them: otherwise the run met the 10,000 dead row versions and
    20,000 deleted messages the undo left, and the rows the workers' warming batches wrote and
    rolled back, or autovacuum cleaning them up beside it. (Measured before the workers were warmed,
    run alone, five times with the vacuum and four without: one sweeper 453 against 468 ms, two
    274 to 305 against 291 to 306 ms.)

    Then a checkpoint, so that the earlier writes (the last run's, the undo's, the warming batches'
    and the vacuum's) reach the disk now, not while the run is timed: PostgreSQL's background
    writers would otherwise flush them beside the sweepers. One sweeper, a Python process and its
    backend taking turns, leaves a core free for them; two need both cores, so it was their runs
    that paid (decision 0035). Those earlier writes are about three times what one run writes. A
    running service's writers flush each sweep's own writes too, sooner or later, and that share is
    not in this figure. (This cluster runs with full_page_writes off, so a checkpoint moves no page
    images into the run.) insert_deadlines checkpoints after loading for the same reason."""
    connection.close()  # its own connection, closed again before the next run forks
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE) deadlines_deadline, notifications_notification")
        cursor.execute("CHECKPOINT")
    connection.close()


@pytest.mark.django_db(transaction=True)
def test_two_sweepers_in_parallel_on_ten_thousand_due_against_one() -> None:
    """Committed data, so each process's connection sees it. Last in the run: the
    flush after a transactional test empties the shipped areas, reloaded first."""
    frameworks_load()
    phone = a_phoned_referral()
    insert_deadlines(phone.pk, PARALLEL_DUE, due_now=True)
    # What a Celery worker's parent loads before its pool forks (hub/celery.py), once. Left out, each
    # child built the URLs' tables on its first sweep (about 240 ms in a process that had not loaded
    # them, as when this file runs alone), and one sweeper paid it once where two paid it side by side.
    worker_preload()
    pairs = []
    for n in range(PAIRS):
        pair = {}
        # One sweeper first in one pair, two first in the next: neither side always follows the other.
        for workers in (1, 2) if n % 2 == 0 else (2, 1):
            due_again()
            seconds, sent = timed_sweepers(workers)
            # No double sends: each clock chased once, one chaser and one note to the recorder each.
            assert sent == PARALLEL_DUE
            assert Notification.objects.filter(kind="chaser").count() == PARALLEL_DUE
            assert not Deadline.objects.filter(chased_at__isnull=True).exists()
            pair[workers] = seconds * 1000
        pairs.append((pair[1], pair[2]))
    # This machine's two cores are lent by a shared host: the same loop of Python ran 0.63 to 0.93 s
    # from one second to the next, and one core was often a third slower than the other. So each
    # run of two is set beside the run of one next to it, and the pair with the median ratio is
    # reported. The best of each side, which this took before, could set one sweeper's run on a
    # fast second beside two sweepers' on a slow one, and swung from 1.50x to 1.72x between runs.
    pairs.sort(key=lambda pair: pair[0] / pair[1])
    one_ms, two_ms = pairs[len(pairs) // 2]
    ratios = [round(one / two, 2) for one, two in pairs]
    one = Timing(one_ms, max(one for one, _ in pairs), 0)
    two = Timing(two_ms, max(two for _, two in pairs), 0)
    result = Result(
        f"two sweepers: {PARALLEL_DUE:,} due (ms for all)",
        two,
        one,
        "one sweeper, same 10,000 due",
        note=f"0 double sends; throughput {one_ms / two_ms:.2f}x one sweeper's, the median of {PAIRS} pairs of "
        f"runs of one sweeper and two, back to back ({ratios[0]}x to {ratios[-1]}x; target: at least 1.6x); worker "
        "processes forked as Celery's are; the p95 column is each side's slowest run",
        target=Target(
            "throughput at least 1.6x one sweeper's", lambda r: r.baseline.median_ms >= 1.6 * r.subject.median_ms
        ),
    )
    RESULTS.append(result)
