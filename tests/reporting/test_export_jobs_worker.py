"""Export jobs on a real Celery worker consuming the test session's Redis: the form's job runs
and its file downloads; a job started while the broker cannot be reached waits, queued, until
the sweep hands it over again."""

import csv
import datetime as dt
import io

import pytest
import redis
from django.utils import timezone

from hub.models import Area
from hub.roles import Role
from reporting.annex_a import LISTS
from reporting.export_jobs import export_jobs_sweep
from reporting.models import ExportJob
from reporting.tasks import sweep_export_jobs
from requests_app.services import request_create_via_api
from tests.deadlines.conftest import real_worker, reference_data, wait_for  # noqa: F401 (a fixture)
from tests.factories import persona
from tests.helpers import broker_unreachable, client_for
from tests.requests_app import payloads

# Transactional, so the worker's own connection sees what the test writes; the shipped areas are
# loaded again after each flush.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("reference_data")]


def _contacts_today(area: Area) -> dict:
    today = timezone.localdate().isoformat()
    return {"number": 1, "first": today, "last": today, "file_format": "csv", "area_ids": [area.pk]}


def _form(area: Area) -> dict:
    today = timezone.localdate()
    data = {"number": "1", "file_format": "csv", "areas": [str(area.pk)]}
    for name in ("start", "end"):
        data |= {f"{name}_0": str(today.day), f"{name}_1": str(today.month), f"{name}_2": str(today.year)}
    return data


def _one_request(area: Area):
    rita = persona(Role.REFERRER, area=area, email="rita@example.org")
    request_create_via_api(data=payloads.sections(), by=rita, idempotency_key=None)
    return persona(Role.PRACTICE_MANAGER, area=area)


def _state(job_id) -> str:
    return ExportJob.objects.get(pk=job_id).state


def test_a_job_started_from_the_form_runs_on_a_real_worker_and_its_file_downloads() -> None:
    lancashire = Area.objects.get(slug="lancashire")
    priya = _one_request(lancashire)
    client = client_for(priya)
    with real_worker():
        started = client.post("/reporting/annex-a/", _form(lancashire))
        job = ExportJob.objects.get()
        assert started["Location"] == f"/reporting/exports/{job.pk}/"
        assert wait_for(lambda: _state(job.pk) == ExportJob.State.READY), _state(job.pk)
    job.refresh_from_db()
    assert (job.done, job.total) == (1, 1)  # the progress reached the end
    page = client.get(started["Location"]).content.decode()
    assert "Your export is ready to download" in page and "The file holds 1 row." in page
    response = client.get(f"/reporting/exports/{job.pk}/download/")
    assert response["Content-Disposition"].startswith('attachment; filename="annex-a-list-1-')
    header, *rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert tuple(header) == LISTS[1].headers
    [ava] = rows
    assert ava[1:3] == ["b) Female", "a) WBRI"]


def test_a_job_started_while_the_broker_is_down_waits_queued_then_the_sweep_runs_it(redis_url) -> None:
    lancashire = Area.objects.get(slug="lancashire")
    priya = _one_request(lancashire)
    with broker_unreachable():
        response = client_for(priya).post("/reporting/annex-a/", _form(lancashire))
    job = ExportJob.objects.get()
    assert response["Location"] == f"/reporting/exports/{job.pk}/"  # the manager is not told of the broker
    waiting = redis.Redis.from_url(redis_url).lrange("celery", 0, -1)
    assert not [message for message in waiting if b"reporting.export_job_run" in message]  # none reached it
    assert _state(job.pk) == ExportJob.State.QUEUED
    with real_worker():
        assert export_jobs_sweep(now=timezone.now() + dt.timedelta(seconds=30))["requeued"] == 0  # too soon
        assert export_jobs_sweep(now=timezone.now() + dt.timedelta(minutes=2))["requeued"] == 1
        assert wait_for(lambda: _state(job.pk) == ExportJob.State.READY), _state(job.pk)


def test_the_sweep_itself_runs_as_a_task_on_the_worker() -> None:
    lancashire = Area.objects.get(slug="lancashire")
    priya = _one_request(lancashire)
    job = ExportJob.objects.create(
        requested_by=priya,
        kind=ExportJob.Kind.ANNEX_A,
        arguments=_contacts_today(lancashire),
        title="Annex A list 1",
        filename="annex-a-list-1.csv",
        queued_at=timezone.now() - dt.timedelta(minutes=5),  # its message was lost
    )
    with real_worker():
        sweep_export_jobs.delay()  # what beat does every minute
        assert wait_for(lambda: _state(job.pk) == ExportJob.State.READY), _state(job.pk)
