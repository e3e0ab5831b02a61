"""`make run` loads a synthetic year: every queue tab has work on a first look,
with re-referrals linked to the child's record, and times spread over months.
What it holds past the front door is pinned in tests/reporting/test_annex_a_demo_year.py."""

import datetime as dt

import pytest
from django.utils import timezone

from children.models import Person
from hub.demo import demo_data_load
from hub.models import User
from requests_app.models import RequestForSupport
from tests.helpers import client_for
from triage.demo_journeys import JOURNEYS
from triage.demo_year import MIX, demo_year_load
from triage.queue import TABS, queue
from triage.worklist import manager_figures

pytestmark = pytest.mark.django_db


def test_a_first_look_finds_work_in_every_tab_months_of_history_overdue_clocks_and_re_referrals() -> None:
    demo_data_load()
    # The demo's hub worker and team manager work in Lancashire, so its year is what they see first;
    # the other areas' years are made by the same code (each area's is loaded in the test below).
    per_area = len(MIX) + len(JOURNEYS) + 6
    assert demo_year_load(per_area=per_area, areas=["lancashire"]) == per_area

    worker = User.objects.get(username="hubworker")
    _, counts = queue(user=worker, tab="new")
    assert set(counts) == {key for key, _, _ in TABS}
    assert all(counts.values()), counts
    assert client_for(worker).get("/triage/?tab=s47").status_code == 200

    received = RequestForSupport.objects.values_list("received_at", flat=True)
    assert min(received) < timezone.now() - dt.timedelta(days=60)
    assert RequestForSupport.objects.filter(
        deadlines__due_at__lt=timezone.now(), deadlines__met_at__isnull=True
    ).exists()
    assert any(person.children.count() > 1 for person in Person.objects.all())
    # Every figure on a manager's home has something behind it, overrides to review among them.
    figures = manager_figures(User.objects.get(username="teammanager"))
    assert all(figures[name] for name in ("approval", "overdue", "unallocated", "urgent", "oversight")), figures


def test_the_year_is_loaded_once() -> None:
    demo_data_load()
    assert demo_year_load(per_area=1) == 5
    assert demo_year_load(per_area=1) == 0
