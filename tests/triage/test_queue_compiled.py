"""The queue's queries are compiled once per process and shape (triage/queue.py): each request still
answers for its own moment, its own worker and its own areas."""

import datetime as dt
import re

import pytest
import time_machine
from django.db.models.signals import post_init
from django.utils import timezone

from hub.models import Area
from hub.roles import Role
from requests_app.models import RequestForSupport
from tests.factories import persona
from tests.helpers import client_for
from tests.request_factories import make_request, request_awaiting_approval, request_closed, request_in_triage_step
from triage import services
from triage.models import Decision
from triage.queue import queue
from workflow.states import Outcome, State


def _page(user, query: str) -> str:
    response = client_for(user).get(f"/triage/?{query}")
    page = response.content.decode()
    assert response.status_code == 200 and '<h1 class="govuk-heading-l">Queue' in page  # the queue itself
    return page


def test_the_closed_tab_keeps_thirty_days_counted_from_each_visit_not_from_the_first(staff) -> None:
    closed = request_closed(staff)
    RequestForSupport.objects.filter(pk=closed.pk).update(closed_at=timezone.now() - dt.timedelta(days=20))
    assert closed.reference in _page(staff.harry, "tab=closed")
    with time_machine.travel(timezone.now() + dt.timedelta(days=15)):
        assert closed.reference not in _page(staff.harry, "tab=closed")  # closed 35 days before this visit


def test_the_overdue_filter_counts_from_the_moment_of_each_visit(staff) -> None:
    request = make_request(staff.rita)
    assert request.reference not in _page(staff.harry, "tab=new&overdue=yes")  # a working day to decide
    with time_machine.travel(timezone.now() + dt.timedelta(days=5)):
        assert request.reference in _page(staff.harry, "tab=new&overdue=yes")


def test_mine_means_the_worker_asking_whoever_asked_first(staff) -> None:
    harrys, hannahs = request_in_triage_step(staff), request_in_triage_step(staff)
    hannah = persona(Role.HUB_WORKER, username="hannah", area=staff.harry.area)
    services.requests_claim_or_assign(requests=[harrys], by=staff.harry, to=None)
    services.requests_claim_or_assign(requests=[hannahs], by=hannah, to=None)
    mine = _page(staff.harry, "tab=triage&worker=me")
    assert harrys.reference in mine and hannahs.reference not in mine
    theirs = _page(hannah, "tab=triage&worker=me")
    assert hannahs.reference in theirs and harrys.reference not in theirs


def test_a_worker_in_another_area_sees_only_their_own_areas_queue_from_the_same_query(staff) -> None:
    lancashire = make_request(staff.rita)
    blackpool = Area.objects.get(slug="blackpool")
    bella = persona(Role.HUB_WORKER, username="bella", area=blackpool)
    assert lancashire.reference in _page(staff.harry, "tab=new")
    assert lancashire.reference not in _page(bella, "tab=new")


def test_a_managers_view_of_one_worker_then_another_lists_each_ones_own(staff) -> None:
    harrys, hannahs = request_in_triage_step(staff), request_in_triage_step(staff)
    hannah = persona(Role.HUB_WORKER, username="hannah", area=staff.harry.area)
    services.requests_claim_or_assign(requests=[harrys], by=staff.harry, to=None)
    services.requests_claim_or_assign(requests=[hannahs], by=hannah, to=None)
    his = _page(staff.priya, f"tab=triage&worker={staff.harry.pk}")
    hers = _page(staff.priya, f"tab=triage&worker={hannah.pk}")
    assert harrys.reference in his and hannahs.reference not in his
    assert hannahs.reference in hers and harrys.reference not in hers


@pytest.mark.parametrize("worker", ["%C2%B2", "9" * 5000, "99999999999999999999"])
def test_a_worker_filter_that_is_no_ones_id_shows_everyone_not_a_500(staff, worker) -> None:
    """Found by review: "²" is a digit to Python but not to int(), and 5,000 digits are too many."""
    request = make_request(staff.rita)
    assert request.reference in _page(staff.harry, f"tab=new&worker={worker}")


def test_the_rows_are_only_read_a_page_at_a_time(staff) -> None:
    rows, _ = queue(user=staff.harry, tab="new")
    with pytest.raises(TypeError, match="a page at a time"):
        rows[0]


def test_a_queue_page_shows_each_rows_worker_and_proposed_outcome_without_building_a_record_for_a_row(staff) -> None:
    """The rows are read as values (triage/queue_entry.py): building each request, its worker and
    its decision as models took about 2.5 ms of every page of fifty."""
    proposed = [request_awaiting_approval(staff) for _ in range(3)]
    services.requests_claim_or_assign(requests=proposed, by=staff.harry, to=None)
    built: list = []

    def count(sender, instance, **kwargs) -> None:
        built.append(instance)

    client = client_for(staff.harry)
    client.get("/triage/?tab=approval")  # signs in and compiles, before counting
    post_init.connect(count, sender=RequestForSupport)
    post_init.connect(count, sender=Decision)
    try:
        page = _page(staff.harry, "tab=approval")
    finally:
        post_init.disconnect(count, sender=RequestForSupport)
        post_init.disconnect(count, sender=Decision)
    assert built == []
    for request in proposed:
        row = re.search(rf'<tr class="govuk-table__row">(?:(?!</tr>).)*{request.reference}.*?</tr>', page, re.S).group(
            0
        )
        assert staff.harry.display_name in row and Outcome.NFA.label in row


def test_the_closed_tab_counts_this_areas_last_30_days_and_the_urgent_tab_open_work_only(staff) -> None:
    # The tabs' counts ask the open work and the month's closures apart (triage/queue._counts).
    make_request(staff.rita)
    urgent_new = make_request(staff.rita)
    urgent_closed, old_closed, elsewhere = (make_request(staff.rita) for _ in range(3))
    RequestForSupport.objects.filter(pk__in=[urgent_new.pk, urgent_closed.pk]).update(immediate_risk=True)
    now = timezone.now()
    for request, days in ((urgent_closed, 20), (old_closed, 40), (elsewhere, 5)):
        RequestForSupport.objects.filter(pk=request.pk).update(
            status=State.CLOSED, closed_at=now - dt.timedelta(days=days)
        )
    RequestForSupport.objects.filter(pk=elsewhere.pk).update(area=Area.objects.get(slug="blackpool"))
    _, counts = queue(user=staff.harry, tab="new")
    assert (counts["new"], counts["urgent"], counts["all"], counts["closed"]) == (2, 1, 2, 1)
