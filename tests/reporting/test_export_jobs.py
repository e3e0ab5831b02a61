"""Export jobs as a manager meets them: the form starts one, its page shows how far it has got,
the file downloads when it is ready, only for managers covering its areas, and is deleted after
its time. The job is run here as a worker runs it; test_export_jobs_worker.py uses a real one."""

import datetime as dt
import io
import json
import re

import pytest
import time_machine
from django.core.files.storage import default_storage
from django.utils import timezone

from hub.models import AreaMembership, AuditEvent, User
from reporting import export_jobs
from reporting.annex_a_files import annex_a_export
from reporting.cin_census import cin_census_write
from reporting.export_jobs import ExportProgress, export_job_run, export_job_start, export_jobs_sweep
from reporting.models import ExportJob
from tests.helpers import client_for

from .conftest import FIRST, LAST, export_through_the_page, run_queued_exports
from .test_annex_a_download import URL as ANNEX_A_URL
from .test_annex_a_download import answers, downloaded

CENSUS_URL = "/reporting/cin-census/"


def list_3(by, areas) -> ExportJob:
    arguments = {"number": 3, "first": FIRST.isoformat(), "last": LAST.isoformat(), "file_format": "csv"}
    return export_job_start(by=by, kind=ExportJob.Kind.ANNEX_A, arguments={**arguments, "area_ids": areas})


def stored_exports() -> set[str]:
    """Every file under exports/ in the storage the service keeps exports in."""
    found, folders = set(), ["exports"]
    while folders:
        folder = folders.pop()
        if not default_storage.exists(folder):
            continue
        subfolders, files = default_storage.listdir(folder)
        folders += [f"{folder}/{name}" for name in subfolders]
        found |= {f"{folder}/{name}" for name in files}
    return found


def test_starting_an_export_takes_the_manager_to_its_page_which_shows_it_waiting(year, staff, lancashire) -> None:
    client = client_for(staff.priya)
    response = client.post(ANNEX_A_URL, answers(areas=[lancashire]))
    job = ExportJob.objects.get()
    assert response["Location"] == f"/reporting/exports/{job.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert "Annex A list 3 (Referrals), 1 April 2026 to 30 September 2026, CSV" in page
    assert "Waiting to start" in page and "<progress" in page
    assert 'href="/reporting/exports/' in page and ">Refresh<" in page  # works without script
    assert "js/export-progress.mjs" in page
    assert "Download" not in page


def test_a_running_export_shows_how_many_rows_are_done_on_its_page_and_to_its_script(year, staff, lancashire) -> None:
    job = list_3(staff.priya, [lancashire.pk])
    ExportJob.objects.filter(pk=job.pk).update(state=ExportJob.State.RUNNING, done=12, total=40)
    client = client_for(staff.priya)
    page = client.get(f"/reporting/exports/{job.pk}/").content.decode()
    assert 'max="40" value="12"' in page and "12 of 40 rows" in page and "In progress" in page
    assert 'aria-live="polite"' in page
    status = json.loads(client.get(f"/reporting/exports/{job.pk}/status/").content)
    assert status == {
        "state": "running",
        "state_label": "In progress",
        "done": 12,
        "total": 40,
        "counted": "12 of 40 rows",
        "finished": False,
    }


def test_a_manager_exports_the_census_from_the_web(year, staff, lancashire) -> None:
    client = client_for(staff.priya)
    page = client.get(CENSUS_URL).content.decode()
    assert "Which collection year?" in page and "Which areas?" in page
    response = export_through_the_page(client, CENSUS_URL, {"year": "2026", "areas": [str(lancashire.pk)]})
    assert response["Content-Disposition"] == 'attachment; filename="cin-census-2026.xml"'
    xml = b"".join(response.streaming_content).decode()
    assert "<Collection>CIN</Collection>" in xml and f"<LEA>{lancashire.la_code}</LEA>" in xml
    assert xml.count("<Child>") == 1  # Ava, referred in August 2025; Zed is Luton's
    job = ExportJob.objects.get()
    assert (job.done, job.total) == (1, 1)


def test_the_census_form_refuses_areas_of_two_local_authorities(year, staff, lancashire, luton) -> None:
    AreaMembership.objects.create(user=staff.tom, area=luton)
    response = client_for(User.objects.get(pk=staff.tom.pk)).post(
        CENSUS_URL, {"year": "2026", "areas": [str(lancashire.pk), str(luton.pk)]}
    )
    assert "The census is one return per local authority" in response.content.decode()
    assert not ExportJob.objects.exists()


@pytest.mark.parametrize("url", [ANNEX_A_URL, CENSUS_URL])
def test_the_area_picker_refuses_an_area_the_manager_does_not_cover(year, staff, luton, url) -> None:
    data = answers(areas=[luton]) if url == ANNEX_A_URL else {"year": "2026", "areas": [str(luton.pk)]}
    response = client_for(staff.priya).post(url, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "<title>Error: " in page and "Select only areas you cover" in page
    assert not ExportJob.objects.exists()


def test_the_area_picker_offers_only_the_areas_covered_all_ticked(staff, lancashire, luton) -> None:
    page = client_for(staff.priya).get(ANNEX_A_URL).content.decode()
    assert re.search(rf'name="areas"[^>]*value="{lancashire.pk}"\s*checked', page)
    assert f'id="id_areas_{luton.pk}"' not in page and "Luton" not in page


def test_each_export_tells_its_progress_row_by_row(year, staff, lancashire) -> None:
    seen: list[tuple[int, int]] = []
    _, rows = annex_a_export(
        number=3,
        areas=[lancashire],
        first=FIRST,
        last=LAST,
        file_format="csv",
        by=None,
        progress=lambda *p: seen.append(p),
    )
    list(rows)
    assert seen == [(0, 3), (1, 3), (2, 3), (3, 3)]
    counted: list[tuple[int, int]] = []
    cin_census_write(area_ids=[lancashire.pk], year=2027, out=_Sink(), progress=lambda *p: counted.append(p))
    assert counted == [(0, 1), (1, 1)]  # Ava; Ben has no person record yet, so no LA child ID


class _Sink:
    def write(self, text: str) -> None:
        pass


def test_a_job_writes_its_progress_in_batches_not_per_row(staff, lancashire, monkeypatch) -> None:
    monkeypatch.setattr(export_jobs, "PROGRESS_ROWS", 4)
    monkeypatch.setattr(export_jobs, "PROGRESS_SECONDS", 3600)
    job = list_3(staff.priya, [lancashire.pk])
    ExportJob.objects.filter(pk=job.pk).update(state=ExportJob.State.RUNNING)
    progress, written = ExportProgress(job.pk), []
    for done in range(11):
        progress(done, 10)
        written.append(ExportJob.objects.get(pk=job.pk).done)
    assert written == [0, 0, 0, 0, 4, 4, 4, 4, 8, 8, 10]


def test_a_fault_half_way_leaves_the_job_failed_with_a_message_and_no_file(
    year, staff, lancashire, monkeypatch, caplog
) -> None:
    def half_then_fault(job, out, progress):
        out.write(b"Child Unique ID,Gender\r\n")
        progress(1, 3)
        raise OSError("No space left on device")

    monkeypatch.setitem(export_jobs.WRITERS, ExportJob.Kind.ANNEX_A, half_then_fault)
    before = stored_exports()
    job = list_3(staff.priya, [lancashire.pk])
    assert export_job_run(job_id=job.pk) is True
    job.refresh_from_db()
    assert job.state == ExportJob.State.FAILED and not job.file and job.finished_at
    assert job.error.startswith("The export stopped because of a fault, and no file was kept.")
    assert stored_exports() == before
    assert f"export job {job.pk} failed" in caplog.text
    page = client_for(staff.priya).get(f"/reporting/exports/{job.pk}/").content.decode()
    assert "The export failed" in page and "no file was kept" in page and "Start a new export" in page
    assert client_for(staff.priya).get(f"/reporting/exports/{job.pk}/download/").status_code == 404


def test_a_manager_who_lost_an_area_before_the_job_ran_gets_a_failed_job_not_the_file(
    year, staff, lancashire, luton
) -> None:
    membership = AreaMembership.objects.create(user=staff.tom, area=luton)
    job = list_3(User.objects.get(pk=staff.tom.pk), [lancashire.pk, luton.pk])
    membership.delete()
    export_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert (job.state, job.error) == (ExportJob.State.FAILED, export_jobs.NO_LONGER_ALLOWED)


def test_a_message_delivered_twice_runs_the_job_once(year, staff, lancashire) -> None:
    job = list_3(staff.priya, [lancashire.pk])
    assert export_job_run(job_id=job.pk) is True
    assert export_job_run(job_id=job.pk) is False
    assert AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).count() == 1


def test_the_audit_trail_records_the_request_the_export_and_each_download(year, staff, lancashire) -> None:
    client = client_for(staff.priya)
    response = export_through_the_page(client, ANNEX_A_URL, answers(areas=[lancashire]))
    downloaded(response)
    job = ExportJob.objects.get()
    trail = AuditEvent.objects.filter(actor=staff.priya).exclude(action=AuditEvent.Action.VIEW).order_by("pk")
    asked, exported, fetched = trail
    assert (asked.action, asked.object_type, asked.object_id) == ("create", "reporting.exportjob", str(job.pk))
    assert asked.detail == {
        "export": "annex_a",
        "number": 3,
        "first": "2026-04-01",
        "last": "2026-09-30",
        "file_format": "csv",
        "area_ids": [lancashire.pk],
    }
    assert asked.address == "127.0.0.1"
    assert (exported.action, exported.object_id, exported.via, exported.detail["rows"]) == (
        "export",
        str(lancashire.pk),
        "job",
        3,
    )
    assert (fetched.action, fetched.object_id, fetched.detail["filename"]) == ("download", str(job.pk), job.filename)


def without_csrf(body: bytes) -> str:
    """The page, without the sign-out form's token, which differs on every response."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", body.decode())


def _refusals(client, job: ExportJob) -> list:
    missing = "/reporting/exports/00000000-0000-0000-0000-000000000009/"
    return [
        (client.get(f"/reporting/exports/{job.pk}/{end}"), client.get(f"{missing}{end}"))
        for end in ("", "status/", "download/")
    ]


def test_a_manager_who_does_not_cover_every_area_of_the_job_gets_the_same_404_as_a_missing_one(
    year, staff, lancashire, luton
) -> None:
    AreaMembership.objects.create(user=staff.tom, area=luton)
    job = list_3(User.objects.get(pk=staff.tom.pk), [lancashire.pk, luton.pk])
    run_queued_exports()
    for response, missing in _refusals(client_for(staff.priya), job):  # Priya covers Lancashire only
        assert response.status_code == missing.status_code == 404
        assert without_csrf(response.content) == without_csrf(missing.content)
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.DOWNLOAD).exists()


def test_another_manager_covering_the_same_areas_may_download_it(year, staff, lancashire) -> None:
    job = list_3(staff.priya, [lancashire.pk])
    run_queued_exports()
    response = client_for(staff.tom).get(f"/reporting/exports/{job.pk}/download/")
    assert response.status_code == 200 and downloaded(response)[0][0] == "Child Unique ID"


@pytest.mark.parametrize("who", ["harry", "rita"])
def test_a_hub_worker_or_a_referrer_may_not_open_or_download_an_export(year, staff, lancashire, who) -> None:
    job = list_3(staff.priya, [lancashire.pk])
    run_queued_exports()
    client = client_for(getattr(staff, who))
    for response, missing in _refusals(client, job):
        assert response.status_code == missing.status_code == 403  # refused by role, whatever the job
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.DOWNLOAD).exists()


def test_the_sweep_deletes_files_past_their_time_and_keeps_the_row(year, staff, lancashire) -> None:
    job = list_3(staff.priya, [lancashire.pk])
    run_queued_exports()
    job.refresh_from_db()
    assert default_storage.exists(job.file.name)
    assert export_jobs_sweep(now=job.finished_at + dt.timedelta(days=6))["expired"] == 0
    assert export_jobs_sweep(now=job.finished_at + dt.timedelta(days=7, minutes=1))["expired"] == 1
    assert not default_storage.exists(job.file.name)
    job.refresh_from_db()
    assert job.state == ExportJob.State.EXPIRED and not job.file
    client = client_for(staff.priya)
    assert (
        "The file was deleted 7 days after it was ready" in client.get(f"/reporting/exports/{job.pk}/").content.decode()
    )
    assert client.get(f"/reporting/exports/{job.pk}/download/").status_code == 404


def test_the_sweep_gives_up_on_a_job_whose_worker_died(staff, lancashire) -> None:
    job = list_3(staff.priya, [lancashire.pk])
    ExportJob.objects.filter(pk=job.pk).update(state=ExportJob.State.RUNNING, progress_at=timezone.now())
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=16)):
        assert export_jobs_sweep()["stalled"] == 1
    job.refresh_from_db()
    assert (job.state, job.error) == (ExportJob.State.FAILED, export_jobs.STALLED)


def test_the_managers_recent_exports_are_listed_under_the_form(year, staff, lancashire) -> None:
    mine = list_3(staff.priya, [lancashire.pk])
    list_3(staff.tom, [lancashire.pk])
    page = client_for(staff.priya).get(ANNEX_A_URL).content.decode()
    assert f'href="/reporting/exports/{mine.pk}/"' in page
    assert page.count('href="/reporting/exports/') == 1


def test_a_file_gone_from_storage_is_a_404_not_a_crash(year, staff, lancashire) -> None:
    job = list_3(staff.priya, [lancashire.pk])
    run_queued_exports()
    job.refresh_from_db()
    default_storage.delete(job.file.name)
    assert client_for(staff.priya).get(f"/reporting/exports/{job.pk}/download/").status_code == 404
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.DOWNLOAD).exists()


def test_a_file_past_its_time_is_refused_even_when_the_sweep_has_not_run(year, staff, lancashire) -> None:
    job = list_3(staff.priya, [lancashire.pk])
    run_queued_exports()
    job.refresh_from_db()
    with time_machine.travel(job.finished_at + dt.timedelta(days=7, minutes=1)):
        client = client_for(staff.priya)
        # Celery beat is down: nothing has deleted the file, but nobody may take it any more.
        assert default_storage.exists(job.file.name)
        assert client.get(f"/reporting/exports/{job.pk}/download/").status_code == 404
        page = client.get(f"/reporting/exports/{job.pk}/").content.decode()
        assert "The file was deleted 7 days after it was ready" in page and "download/" not in page
        assert json.loads(client.get(f"/reporting/exports/{job.pk}/status/").content)["state"] == "expired"
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.DOWNLOAD).exists()


def test_a_double_submit_makes_one_export(year, staff, lancashire) -> None:
    client = client_for(staff.priya)
    first = client.post(ANNEX_A_URL, answers(areas=[lancashire]))
    second = client.post(ANNEX_A_URL, answers(areas=[lancashire]))
    assert first["Location"] == second["Location"]
    assert ExportJob.objects.count() == 1
    # Once the first has finished, the same choices are a new export.
    run_queued_exports()
    client.post(ANNEX_A_URL, answers(areas=[lancashire]))
    assert ExportJob.objects.count() == 2


def test_the_export_buttons_ignore_a_second_click(staff) -> None:
    for url in (ANNEX_A_URL, CENSUS_URL):
        assert 'data-prevent-double-click="true"' in client_for(staff.priya).get(url).content.decode()


def test_a_job_given_up_leaves_no_file_behind(staff, lancashire) -> None:
    job = list_3(staff.priya, [lancashire.pk])
    name = f"exports/{job.pk}-half-written.csv"
    default_storage.save(name, io.BytesIO(b"Child Unique ID\n"))  # a worker killed while saving
    ExportJob.objects.filter(pk=job.pk).update(state=ExportJob.State.RUNNING, progress_at=timezone.now(), file=name)
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=16)):
        assert export_jobs_sweep()["stalled"] == 1
    assert not default_storage.exists(name)
    job.refresh_from_db()
    assert job.state == ExportJob.State.FAILED and not job.file


def test_a_file_the_sweep_cannot_delete_stays_recorded_for_the_next_sweep(year, staff, lancashire, monkeypatch) -> None:
    job = list_3(staff.priya, [lancashire.pk])
    run_queued_exports()
    job.refresh_from_db()
    later = job.finished_at + dt.timedelta(days=8)
    storage = ExportJob._meta.get_field("file").storage

    def refuse(name):
        raise PermissionError(name)

    monkeypatch.setattr(storage, "delete", refuse)
    assert export_jobs_sweep(now=later)["expired"] == 0
    job.refresh_from_db()
    assert job.state == ExportJob.State.READY and job.file.name  # still pointing at the file
    monkeypatch.undo()
    assert export_jobs_sweep(now=later)["expired"] == 1
    assert not default_storage.exists(job.file.name)
