"""Managers can see who has accessed a request: each read, list row and change,
by whom, how and from where."""

import datetime as dt
import re
from html import unescape

import pytest

from hub.models import AuditEvent
from hub.roles import Role
from requests_app.models import RequestForSupport
from tests.factories import UserFactory
from tests.helpers import client_for

pytestmark = pytest.mark.django_db


def test_a_manager_sees_each_person_who_opened_or_listed_the_request_and_from_where(staff, submitted) -> None:
    harry = client_for(staff.harry)
    harry.defaults["REMOTE_ADDR"] = "198.51.100.23"
    harry.get("/triage/")
    harry.get(f"/triage/requests/{submitted.reference}/")

    page = client_for(staff.priya).get(f"/triage/requests/{submitted.reference}/access/")

    html = page.content.decode()
    assert page.status_code == 200
    assert "Harry Osei" in html and "198.51.100.23" in html
    assert "(in queue)" in html
    assert "Rita Patel" in html  # the referrer created it


def test_the_request_page_offers_the_access_record_to_managers_only(staff, submitted) -> None:
    link = f"/triage/requests/{submitted.reference}/access/"
    assert link in client_for(staff.priya).get(f"/triage/requests/{submitted.reference}/").content.decode()
    assert link not in client_for(staff.harry).get(f"/triage/requests/{submitted.reference}/").content.decode()


def test_a_hub_worker_cannot_read_the_access_record(staff, submitted) -> None:
    assert client_for(staff.harry).get(f"/triage/requests/{submitted.reference}/access/").status_code == 403


def test_a_manager_from_another_area_gets_not_found(staff, submitted, luton) -> None:
    outsider = UserFactory(username="lm", area=luton, role=Role.PRACTICE_MANAGER)
    assert client_for(outsider).get(f"/triage/requests/{submitted.reference}/access/").status_code == 404


def test_the_access_record_lists_everything_before_this_visit_and_not_the_visit_itself(staff, submitted) -> None:
    harry = client_for(staff.harry)
    harry.get("/triage/")
    harry.get(f"/triage/requests/{submitted.reference}/")

    html = client_for(staff.priya).get(f"/triage/requests/{submitted.reference}/access/").content.decode()

    rows = html.split('<tbody class="govuk-table__body">')[1].split("</tbody>")[0]
    # Created by the referrer, listed in Harry's queue, opened by Harry: three rows, the oldest included.
    assert rows.count('<tr class="govuk-table__row">') == 3
    assert "Created" in rows and "(in queue)" in rows
    assert "(this page)" not in rows
    assert "Priya Shah" not in html.split("People in this record")[1].split("</ul>")[0]


def test_each_row_says_when_in_uk_time_who_what_how_and_from_where_with_names_escaped(staff, submitted) -> None:
    """The rows are written in Python (triage/access_log_rows.py), not by the template: the same cells."""
    odd = UserFactory(username="odd", first_name="<b>Bo</b>", last_name="O'Neil", area=staff.harry.area)
    summer = dt.datetime(2026, 7, 1, 8, 5, 9, tzinfo=dt.UTC)  # 09:05:09 in London
    RequestForSupport.objects.filter(pk=submitted.pk).update(received_at=summer)
    about = {"at": summer, "object_type": "t", "object_id": "1", "reference": submitted.reference}
    AuditEvent.objects.create(**about, actor=odd, action="view", via="api", detail={"child": 3})
    AuditEvent.objects.create(**about, actor=None, action="update", via="web", address="203.0.113.9")
    html = client_for(staff.priya).get(f"/triage/requests/{submitted.reference}/access/").content.decode()
    tbody = html.split('<tbody class="govuk-table__body">')[1].split("</tbody>")[0]
    cells = [unescape(cell) for cell in re.findall(r'<td class="govuk-table__cell">(.*?)</td>', tbody)]
    rows = [cells[i : i + 5] for i in range(0, len(cells), 5)]
    assert [
        "1 Jul 2026, 09:05:09",
        "<b>Bo</b> O'Neil",
        "Viewed (a child's page)",
        "API",
        "Not recorded",
    ] in rows
    assert ["1 Jul 2026, 09:05:09", "The system", "Changed", "Web", "203.0.113.9"] in rows
    assert "<b>Bo</b>" not in html  # as text on the page, never as markup
