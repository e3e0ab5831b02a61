"""Immediate risk first: a tab of its own, a banner on every hub page while nobody has claimed
it, and everyone on the queue told at once, by email too (rule 7)."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from hub.models import AuditEvent
from notifications.models import Notification
from phone.services import phone_referral_record
from tests.helpers import client_for
from tests.request_factories import make_request
from tests.requests_app import payloads
from triage import services


def test_an_urgent_request_has_a_tab_of_its_own_and_a_banner_until_claimed(staff) -> None:
    make_request(staff.rita)
    urgent = make_request(staff.rita, start={"immediate_risk": ["yes"]})
    client = client_for(staff.harry)
    tab = client.get("/triage/?tab=urgent").content.decode()
    assert urgent.reference in tab and 'href="?tab=urgent"' in tab
    home = client.get("/").content.decode()
    assert 'id="urgent-banner"' in home and "1 request at immediate risk is waiting to be claimed" in home
    services.request_claim(request=urgent, by=staff.harry)
    assert 'id="urgent-banner"' not in client.get("/").content.decode()


def test_everyone_on_the_queue_and_the_managers_are_told_at_once_by_email_too(staff) -> None:
    urgent = make_request(staff.rita, start={"immediate_risk": ["yes"]})
    told = Notification.objects.filter(subject=f"Immediate risk: {urgent.reference} needs someone now")
    assert {n.recipient for n in told} == {staff.harry, staff.sian, staff.priya, staff.tom}
    assert all(n.email for n in told)  # the outbox emails each of them, in office hours or not


def test_a_phoned_referral_at_immediate_risk_tells_them_too(staff) -> None:
    call = phone_referral_record(
        by=staff.harry,
        area=staff.harry.area,
        caller_name="PC Jones",
        caller_agency="Police",
        caller_phone="101",
        child_name="Ava Smith",
        worries="Found alone at night",
        immediate_risk=True,
        decision="contact",
        referral_source="6",
    )
    assert Notification.objects.filter(subject=f"Immediate risk: {call.reference} needs someone now").count() == 4


def test_an_urgent_request_becomes_a_contact_at_once_without_waiting_for_a_worker(staff) -> None:
    ordinary = make_request(staff.rita)
    urgent = make_request(staff.rita, start={"immediate_risk": ["yes"]})
    assert services.urgent_requests_begin() == 1
    assert services.urgent_requests_begin() == 0  # once only
    urgent.refresh_from_db()
    ordinary.refresh_from_db()
    assert (urgent.status, ordinary.status) == ("contact", "submitted")
    record = urgent.history.get()
    assert (record.name, record.by) == ("contact_on_immediate_risk", None)  # the service made this move
    assert urgent.children.get().episode.stage == "in_play"


def test_a_phoned_referral_at_immediate_risk_is_listed_in_the_urgent_tab_until_its_written_request_comes(staff) -> None:
    call = phone_referral_record(
        by=staff.harry,
        area=staff.harry.area,
        caller_name="PC Jones",
        caller_agency="Police",
        caller_phone="101",
        child_name="Ava Smith",
        worries="Found alone at night",
        immediate_risk=True,
        decision="contact",
        referral_source="6",
    )
    tab = client_for(staff.harry).get("/triage/?tab=urgent").content.decode()
    assert 'id="urgent-calls"' in tab and call.reference in tab


def _urgent_call(by, child_name: str):
    return phone_referral_record(
        by=by,
        area=by.area,
        caller_name="PC Jones",
        caller_agency="Police",
        caller_phone="101",
        child_name=child_name,
        worries="Found alone at night",
        immediate_risk=True,
        decision="contact",
        referral_source="6",
    )


def test_the_urgent_tab_shows_each_call_with_who_took_it_and_audits_it_in_the_same_queries_for_one_or_three(
    staff,
) -> None:
    client = client_for(staff.harry)
    first = _urgent_call(staff.harry, "Ava Smith")
    client.get("/triage/?tab=urgent")
    with CaptureQueriesContext(connection) as one:
        client.get("/triage/?tab=urgent")
    others = [_urgent_call(staff.sian, "Ben Okafor"), _urgent_call(staff.priya, "Cal Jones")]
    with CaptureQueriesContext(connection) as three:
        tab = client.get("/triage/?tab=urgent").content.decode()
    assert len(three) == len(one)  # nothing read call by call, nor taker by taker
    for call, name, taker in zip(
        [first, *others], ("Ava Smith", "Ben Okafor", "Cal Jones"), (staff.harry, staff.sian, staff.priya), strict=True
    ):
        assert call.reference in tab and name in tab and taker.display_name in tab
    listed = AuditEvent.objects.filter(actor=staff.harry, object_type="requests_app.phonereferral", action="view")
    assert {event.reference for event in listed} >= {call.reference for call in (first, *others)}


def test_a_contact_made_on_a_call_has_its_decision_clock_running_from_the_call(staff) -> None:
    called_at = timezone.now() - dt.timedelta(hours=3)
    call = phone_referral_record(
        by=staff.harry,
        area=staff.harry.area,
        called_at=called_at,
        caller_name="PC Jones",
        caller_agency="Police",
        caller_phone="101",
        child_name="Ava Smith",
        worries="Found alone at night",
        immediate_risk=True,
        decision="contact",
        referral_source="6",
    )
    about_you = {key: [value] for key, value in {**payloads.ABOUT_YOU, "phone_reference": call.reference}.items()}
    written = make_request(staff.rita, about_you=about_you)
    clock = written.deadlines.get(kind="contact_decision")
    assert (clock.started_at, clock.start_event) == (called_at, "Contact made on the call")


def test_every_tab_counts_the_phoned_calls_at_immediate_risk_and_names_the_workers_with_the_headers_counts(
    staff,
) -> None:
    """The header's counts, the urgent tab's phoned calls and the workers' menu are one query; on
    another tab the calls themselves are not read, only counted."""
    make_request(staff.rita, start={"immediate_risk": ["yes"]})
    _urgent_call(staff.harry, "Ava Smith")
    client = client_for(staff.priya)
    client.get("/triage/?tab=new")
    with CaptureQueriesContext(connection) as page:
        html = client.get("/triage/?tab=new").content.decode()

    assert 'href="?tab=urgent">Immediate risk <span class="govuk-tag govuk-tag--grey">2</span>' in html
    assert "1 request at immediate risk is waiting to be claimed" in html
    menu = html.split('id="bulk-to"')[1].split("</select>")[0]
    assert all(worker.display_name in menu for worker in (staff.harry, staff.sian, staff.priya))
    calls = [query["sql"] for query in page if "requests_app_phonereferral" in query["sql"]]
    assert len(calls) == 1
    assert "notifications_notification" in calls[0] and "auth_group_permissions" in calls[0]
