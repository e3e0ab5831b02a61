"""A small year of front-door work where every Annex A answer is known.

Ava (a linked child, with an LA child ID) is referred three times: in August 2025, before the
period; in May 2026, with her brother Ben (not yet matched to a person record); and in
September 2026. Zed's referral is in Luton: a Lancashire manager must never see him.
The period is 1 April to 30 September 2026.

The episodes are written straight onto each child's record, with the dates the workflow would
have recorded, so each list's answer can be worked out by hand.
"""

import datetime as dt

import pytest
from django.utils import timezone

from children.models import Episode, Person
from requests_app.models import RequestForSupport
from tests.reporting.dashboard_world import dashboard_now, fortnight  # noqa: F401 (the dashboard's known fortnight)
from tests.request_factories import make_request
from tests.requests_app import payloads
from tests.triage.conftest import staff  # noqa: F401 (the hub's people, as the triage tests have them)

FIRST, LAST = dt.date(2026, 4, 1), dt.date(2026, 9, 30)


def received(support_request: RequestForSupport, day: dt.date) -> RequestForSupport:
    at = timezone.make_aware(dt.datetime.combine(day, dt.time(10, 30)))
    RequestForSupport.objects.filter(pk=support_request.pk).update(received_at=at)
    return support_request


def a_request(referrer, day: dt.date, *, area: str = "lancashire", children=None, assigned_to=None):
    support_request = make_request(referrer, area=area, children=children)
    # A school referred each one (census source 2A), whatever agency the factory made.
    RequestForSupport.objects.filter(pk=support_request.pk).update(assigned_to=assigned_to, cin_referral_source="2A")
    return received(support_request, day)


@pytest.fixture
def year(staff, lancashire, luton):  # noqa: F811
    """The requests, children and episodes; returns Ava's person record and the requests by name."""
    ava_born = dt.date(2017, 3, 15)
    ava = Person.objects.create(area=lancashire, first_name="Ava", last_name="Smith", date_of_birth=ava_born)
    ava_child = payloads.child(first="Ava", **payloads.date_parts("date_of_birth", ava_born))
    ben_child = payloads.child(
        first="Ben",
        sex="M",
        ethnicity="MWBC",
        disability="yes",
        **payloads.date_parts("date_of_birth", dt.date(2020, 10, 2)),
    )

    earlier = a_request(staff.rita, dt.date(2025, 8, 10), children=[ava_child])
    may = a_request(staff.rita, dt.date(2026, 5, 3), children=[ava_child, ben_child], assigned_to=staff.harry)
    september = a_request(staff.rita, dt.date(2026, 9, 20), children=[ava_child])
    luton_request = a_request(
        staff.rita, dt.date(2026, 6, 1), area="luton", children=[payloads.child(first="Zed", last="Khan")]
    )

    def episode(support_request, position=0, **fields):
        child = support_request.children.get(position=position)
        return Episode.objects.create(child=child, **{"referral_source": "2A", **fields})

    for support_request in (earlier, may, september):
        support_request.children.filter(first_name="Ava").update(person=ava)
    episode(
        earlier,
        referral_date=dt.date(2025, 8, 11),
        s47_started_on=dt.date(2025, 8, 20),
        icpc_on=dt.date(2025, 9, 1),
        cp_plan_start=dt.date(2025, 9, 1),
        cp_plan_end=dt.date(2026, 3, 1),
        initial_category="NEG",
        closed_on=dt.date(2026, 3, 1),
        closure_reason="RC7",
    )
    episode(
        may,
        referral_date=dt.date(2026, 5, 4),
        referral_source="3A",
        assessment_started_on=dt.date(2026, 5, 4),
        assessment_authorised_on=dt.date(2026, 6, 10),
        child_seen=True,
        s47_started_on=dt.date(2026, 5, 10),
        icpc_on=dt.date(2026, 5, 25),
        cp_plan_start=dt.date(2026, 5, 25),
        initial_category="NEG",
        latest_category="EMO",
        cp_review_dates=["2026-08-20", "2026-11-20"],
        primary_need="N1",
    )
    episode(may, position=1, referral_date=dt.date(2026, 5, 4), assessment_started_on=dt.date(2026, 5, 4))
    episode(september, referral_date=dt.date(2026, 9, 20), referral_nfa=True, closed_on=dt.date(2026, 9, 25))
    episode(luton_request, referral_date=dt.date(2026, 6, 1), assessment_started_on=dt.date(2026, 6, 1))

    class Year:
        person = ava

    Year.earlier, Year.may, Year.september, Year.luton = earlier, may, september, luton_request
    return Year


def run_queued_exports() -> None:
    """What a worker would do with every queued export (these tests' transactions never commit,
    so nothing reaches the broker; tests/reporting/test_export_jobs_worker.py uses a real one)."""
    from reporting.export_jobs import export_job_run
    from reporting.models import ExportJob

    for pk in ExportJob.objects.filter(state=ExportJob.State.QUEUED).values_list("pk", flat=True):
        export_job_run(job_id=pk)


def export_through_the_page(client, url: str, data: dict):
    """Post the form, let the job run, follow to its page, and download the file: the response."""
    started = client.post(url, data)
    assert started.status_code == 302, started.content.decode()[:2000]
    assert started["Location"].startswith("/reporting/exports/")
    run_queued_exports()
    assert "Your export is ready to download" in client.get(started["Location"]).content.decode()
    return client.get(started["Location"] + "download/")
