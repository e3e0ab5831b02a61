"""A manager's home counts what needs them, and every figure opens the list behind it."""

import datetime as dt
import re

import pytest
import time_machine
from django.utils import timezone

from hub.models import Area, AreaMembership
from tests.helpers import client_for
from tests.request_factories import make_request, request_awaiting_approval
from tests.requests_app import payloads

pytestmark = pytest.mark.django_db


def _figure(page: str, words: str) -> tuple[int, str]:
    match = re.search(r'href="([^"]+)"><span class="app-figure">(\d+)</span> ' + re.escape(words), page)
    assert match, words
    return int(match.group(2)), match.group(1).replace("&amp;", "&")


def _rows(client, link: str) -> int:
    return client.get(link).content.decode().count('name="requests" type="checkbox"')


def test_each_figure_counts_the_list_it_links_to(staff) -> None:
    request_awaiting_approval(staff)
    make_request(staff.rita, start={"immediate_risk": ["yes"]})
    make_request(staff.rita, consent=payloads.consent_override())
    manager = client_for(staff.priya)
    page = manager.get("/").content.decode()
    for words, expected in [
        ("awaiting approval", 1),
        ("not allocated to anyone", 3),
        ("at immediate risk and not claimed", 1),
        ("shared without consent, for your review", 1),
    ]:
        count, link = _figure(page, words)
        assert count == expected, words
        assert _rows(manager, link) == count, words


def test_the_manager_sees_each_workers_open_work_and_opens_their_caseload(staff) -> None:
    waiting = request_awaiting_approval(staff)
    manager = client_for(staff.priya)
    manager.post("/triage/bulk/", {"bulk": "assign", "to": staff.harry.pk, "requests": [waiting.reference]})
    page = manager.get("/").content.decode()
    assert "Harry Osei" in page
    caseload = manager.get(f"/triage/?tab=all&worker={staff.harry.pk}").content.decode()
    assert waiting.reference in caseload


def test_the_overdue_figures_count_from_each_visit_and_add_up_every_area_covered(staff) -> None:
    """The figures are compiled once per process (triage.worklist): a later visit counts from its own
    moment, and a manager covering two areas sees both added together."""
    waiting = request_awaiting_approval(staff)
    manager = client_for(staff.priya)
    manager.post("/triage/bulk/", {"bulk": "assign", "to": staff.harry.pk, "requests": [waiting.reference]})
    assert _figure(manager.get("/").content.decode(), "overdue on a clock")[0] == 0
    with time_machine.travel(timezone.now() + dt.timedelta(days=5)):
        page = client_for(staff.priya).get("/").content.decode()  # signed in again: a new day
        assert _figure(page, "overdue on a clock")[0] == 1
        assert f"worker={staff.harry.pk}&amp;overdue=yes" in page  # his caseload's overdue count links
    AreaMembership.objects.create(user=staff.priya, area=Area.objects.get(slug="luton"))
    make_request(staff.rita, area="luton")
    assert _figure(client_for(staff.priya).get("/").content.decode(), "not allocated to anyone")[0] == 1
