"""The deadline sweep over a million open deadlines against the same sweep over a
thousand: it asks one indexed question, so its cost follows what is due (100
here), not what is stored."""

import datetime as dt

import pytest
from django.db import connection, transaction
from django.utils import timezone

from bench.harness import RESULTS, Result, measure
from deadlines.services import deadlines_sweep
from hub.models import Area
from hub.roles import Role
from phone.services import phone_referral_record
from tests.factories import persona

DUE = 100


def insert_deadlines(phone_id: int, count: int, *, due_now: bool) -> None:
    """Open written-follow-up deadlines; due ones have their next action in the past."""
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO deadlines_deadline (kind, phone_referral_id, start_event, started_at, due_at, unit, state, "
            "breach_reason, created_at, next_action_at) "
            "SELECT 'written_follow_up', %s, 'bench', now(), due, '24 hours', 'open', '', now(), "
            "due - interval '4 hours' "
            "FROM (SELECT now() + (CASE WHEN %s THEN interval '1 hour' ELSE interval '1 day' END) "
            "             + (g || ' seconds')::interval AS due FROM generate_series(1, %s) g) s",
            [phone_id, due_now, count],
        )
        cursor.execute("ANALYZE deadlines_deadline")


def one_sweep() -> int:
    with transaction.atomic():
        sent = deadlines_sweep(now=timezone.now())
        assert sent == DUE
        transaction.set_rollback(True)  # put the stamps back, so every run sweeps the same 100
    return sent


@pytest.mark.django_db
def test_sweep_over_a_million_open_deadlines_against_a_thousand() -> None:
    area = Area.objects.get(slug="lancashire")
    worker = persona(Role.HUB_WORKER, area=area)
    persona(Role.TEAM_MANAGER, area=area)
    phone = phone_referral_record(
        by=worker,
        area=area,
        called_at=timezone.now() - dt.timedelta(hours=1),
        caller_name="C",
        caller_agency="A",
        caller_phone="1",
        caller_email="c@example.org",
        child_name="X",
        worries="w",
        immediate_risk=False,
        decision="triage",
    )
    phone.deadlines.all().delete()
    insert_deadlines(phone.pk, DUE, due_now=True)
    insert_deadlines(phone.pk, 1_000 - DUE, due_now=False)
    small = measure(one_sweep, repeat=5, warmup=1)
    insert_deadlines(phone.pk, 999_000, due_now=False)
    large = measure(one_sweep, repeat=5, warmup=1)
    RESULTS.append(
        Result(
            "sweep: 100 due of 1,000,000 open",
            large,
            small,
            "same sweep: 100 due of 1,000 open",
            note=f"sends {DUE} chasers per sweep (in a rolled-back transaction); "
            "cost follows what is due, not what is stored",
        )
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "EXPLAIN SELECT id FROM deadlines_deadline WHERE state = 'open' AND next_action_at IS NOT NULL "
            "AND next_action_at <= now() ORDER BY next_action_at LIMIT 500"
        )
        plan = " ".join(row[0] for row in cursor.fetchall())
    assert "deadline_next_action" in plan, plan
