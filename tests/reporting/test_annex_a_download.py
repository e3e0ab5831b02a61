"""The manager's Annex A page: who may use it, the file its export job writes, and answers kept
on an error. The job is run here as a worker would run it (tests/reporting/test_export_jobs*.py
run it on a real worker)."""

import csv
import io

import pytest
from django.urls import reverse

from hub.models import AreaMembership, AuditEvent, User
from reporting.annex_a import LISTS
from reporting.models import ExportJob
from tests.helpers import client_for

from .conftest import export_through_the_page

URL = reverse("reporting:annex-a")


def answers(number="3", start=(1, 4, 2026), end=(30, 9, 2026), file_format="csv", areas=None) -> dict:
    data = {"number": number, "file_format": file_format}
    if areas is not None:
        data["areas"] = [str(area.pk) for area in areas]
    for name, (day, month, year) in (("start", start), ("end", end)):
        data |= {f"{name}_0": str(day), f"{name}_1": str(month), f"{name}_2": str(year)}
    return data


def downloaded(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode("utf-8")
    return list(csv.reader(io.StringIO(body)))


@pytest.mark.parametrize("manager", ["priya", "tom"])
def test_a_manager_downloads_a_list_for_their_area_as_csv(year, staff, manager, lancashire) -> None:
    response = export_through_the_page(client_for(getattr(staff, manager)), URL, answers(areas=[lancashire]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="annex-a-list-3-2026-04-01-to-2026-09-30.csv"'
    header, *rows = downloaded(response)
    assert tuple(header) == LISTS[3].headers
    assert len(rows) == 3
    assert not any(row[0].startswith(year.luton.reference) for row in rows)


def test_the_export_is_recorded_with_the_manager_list_and_rows(year, staff, lancashire) -> None:
    downloaded(export_through_the_page(client_for(staff.priya), URL, answers(number="5", areas=[lancashire])))
    [event] = AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT)
    assert (event.actor, event.object_id, event.via) == (staff.priya, str(lancashire.pk), "job")
    assert event.detail["annex_a_list"] == 5 and event.detail["rows"] == 1


def test_a_manager_who_also_covers_another_area_exports_both(year, staff, lancashire, luton) -> None:
    AreaMembership.objects.create(user=staff.tom, area=luton)
    tom = User.objects.get(pk=staff.tom.pk)
    _, *rows = downloaded(export_through_the_page(client_for(tom), URL, answers(areas=[lancashire, luton])))
    assert f"{year.luton.reference}-1" in [row[0] for row in rows]
    counts = dict(AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).values_list("object_id", "detail__rows"))
    assert counts == {str(lancashire.pk): 3, str(luton.pk): 1}


def test_a_manager_downloads_a_workbook(year, staff, lancashire) -> None:
    response = export_through_the_page(client_for(staff.tom), URL, answers(file_format="xlsx", areas=[lancashire]))
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')
    assert b"".join(response.streaming_content)[:2] == b"PK"  # a zip, as every workbook is


@pytest.mark.parametrize("who", ["rita", "harry", "sian", "paula", "ada"])
def test_nobody_but_a_manager_may_export(year, staff, who) -> None:
    client = client_for(getattr(staff, who))
    assert client.get(URL).status_code == 403
    assert client.post(URL, answers()).status_code == 403
    assert not ExportJob.objects.exists()


def test_a_manager_who_covers_two_areas_may_export_one_of_them(year, staff, lancashire, luton) -> None:
    AreaMembership.objects.create(user=staff.tom, area=luton)
    tom = User.objects.get(pk=staff.tom.pk)
    page = client_for(tom).get(URL).content.decode()
    assert 'name="areas"' in page and "Luton" in page and "Lancashire" in page
    _, *rows = downloaded(export_through_the_page(client_for(tom), URL, answers(areas=[luton])))
    assert [row[0] for row in rows] == [f"{year.luton.reference}-1"]


def test_someone_signed_out_is_sent_to_sign_in(db, client) -> None:
    response = client.post(URL, answers())
    assert response.status_code == 302 and response["Location"].startswith("/sign-in/")


def test_only_a_managers_header_offers_the_page(staff) -> None:
    assert 'href="/reporting/annex-a/"' in client_for(staff.priya).get("/").content.decode()
    assert 'href="/reporting/annex-a/"' not in client_for(staff.harry).get("/").content.decode()


def test_the_page_offers_every_list_with_its_notes(staff) -> None:
    page = client_for(staff.priya).get(URL).content.decode()
    assert "List 3: Referrals" in page and "List 7: Child protection" in page
    assert "exclude the current event" in page


def test_an_end_before_the_start_comes_back_with_an_error_and_the_answers_kept(year, staff) -> None:
    response = client_for(staff.priya).post(URL, answers(start=(30, 9, 2026), end=(1, 4, 2026)))
    assert response.status_code == 200
    page = response.content.decode()
    assert "<title>Error: " in page
    assert "govuk-error-summary" in page
    assert "The last day of the period must be the same as or after the first day" in page
    assert 'value="30"' in page and 'value="2026"' in page
    assert not ExportJob.objects.exists()


@pytest.mark.parametrize(
    ("changed", "message"),
    [
        ({"number": "9"}, "Select which list to export"),
        ({"number": ""}, "Select which list to export"),
        ({"file_format": "pdf"}, "Select a format"),
        ({"start_1": "13"}, "The first day of the period must be a real date"),
        ({"end_0": ""}, "The last day of the period must include a day"),
    ],
)
def test_bad_answers_get_a_govuk_error_never_a_crash(staff, changed, message) -> None:
    response = client_for(staff.tom).post(URL, answers() | changed)
    assert response.status_code == 200
    assert message in response.content.decode()
