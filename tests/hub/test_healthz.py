import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from hub.audit_partitions import audit_partitions_missing
from hub.celery import app as celery_app
from hub.models import Heartbeat


@pytest.fixture(autouse=True)
def recent_heartbeat(db):
    return Heartbeat.objects.create(name="beat", beat_at=timezone.now() - dt.timedelta(seconds=40))


def test_it_reports_ok_when_database_and_broker_answer(db) -> None:
    response = Client().get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"] == {"ok": True, "detail": "postgresql"}
    assert body["checks"]["broker"]["ok"] is True


def test_it_needs_no_sign_in(db) -> None:
    assert Client().get("/healthz").status_code == 200


def test_it_returns_503_naming_the_broker_when_the_broker_is_down(db, monkeypatch) -> None:
    # A real connection attempt to a port where nothing listens.
    monkeypatch.setattr(celery_app.conf, "broker_url", "redis://127.0.0.1:1/0")
    response = Client().get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["broker"]["ok"] is False
    assert body["checks"]["database"]["ok"] is True


def test_it_returns_503_naming_the_scheduler_when_the_heartbeat_is_stale(recent_heartbeat) -> None:
    recent_heartbeat.beat_at = timezone.now() - dt.timedelta(minutes=12)
    recent_heartbeat.save()
    response = Client().get("/healthz")
    assert response.status_code == 503
    scheduler = response.json()["checks"]["scheduler"]
    assert scheduler["ok"] is False
    assert "Celery worker and beat for 12 minutes" in scheduler["detail"]


def test_it_returns_503_before_the_worker_and_beat_have_ever_run(recent_heartbeat) -> None:
    recent_heartbeat.delete()
    response = Client().get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["scheduler"]["detail"] == "no heartbeat yet from the Celery worker and beat"


def test_it_reports_this_months_and_next_months_audit_partitions_in_place(db) -> None:
    audit = Client().get("/healthz").json()["checks"]["audit"]
    assert audit == {"ok": True, "detail": "this month's and next month's audit partitions in place"}


def test_it_returns_503_naming_the_month_whose_audit_partition_is_missing(db) -> None:
    """The daily job that makes the partitions has stopped: next month's rows would go to the default
    partition, after which that month could never have its own."""
    next_month = (timezone.now().astimezone(dt.UTC).replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE hub_auditevent_{next_month:%Y_%m}")
    response = Client().get("/healthz")
    assert response.status_code == 503
    audit = response.json()["checks"]["audit"]
    assert audit["ok"] is False
    assert audit["detail"].startswith(f"no audit partition for {next_month:%B %Y}: ")


def test_months_held_by_a_partition_of_another_name_and_range_are_in_place(db) -> None:
    """An installation partitioned with rows already written keeps them in a history partition whose
    range runs to the start of the month after next (migration hub/0019): those months have no
    partition of their own, and nothing is wrong."""
    this_month = timezone.now().astimezone(dt.UTC).replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    next_month = (this_month + dt.timedelta(days=32)).replace(day=1)
    after = (next_month + dt.timedelta(days=32)).replace(day=1)
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE hub_auditevent_{this_month:%Y_%m}, hub_auditevent_{next_month:%Y_%m}")
        cursor.execute(
            "CREATE TABLE hub_auditevent_upgraded PARTITION OF hub_auditevent FOR VALUES FROM (%s) TO (%s)",
            [this_month, after],
        )
    response = Client().get("/healthz")
    assert response.json()["checks"]["audit"]["ok"] is True
    assert response.status_code == 200


def test_in_december_the_check_looks_into_january_of_the_next_year(db) -> None:
    # December's check looks into January of the next year, for which no partition is made yet.
    december = dt.datetime(2031, 12, 15, 23, 30, tzinfo=dt.UTC)
    assert audit_partitions_missing(at=december) == ["December 2031", "January 2032"]
    assert audit_partitions_missing() == []
