"""A fortnight of front-door work where every dashboard figure is known.

The period is Monday 7 to Sunday 20 September 2026; "now" is 9:00 on Monday 21 September.
Harry works in team A, Wendy in team B, both in Lancashire.

- R1 (8 Sep, a school, level 3 decided 3, Harry): a contact on the 8th, referred on the 8th,
  assessed from the 9th, the outcome authorised on the 15th; closed. Ava, its child, was referred
  in January too, so it is a re-referral. Its contact decision was met in time.
- R2 (9 Sep, the police, level 4 decided 2, Wendy): a contact on the 10th, referred on the 9th,
  assessment and section 47 enquiry from the 16th; open. Its contact decision was late
  ("Police checks took two days"); its conference was in time.
- R3 (15 Sep, a school, level 2, not decided, nobody): open, its contact decision past due
  with no reason recorded.
- R4 (1 Sep, before the period, Harry): open, its contact decision overdue since 2 September.
- A call Harry took on 11 Sep that nobody followed up in writing: missed, no reason.
- Luton's request and its missed clock, in the period: a Lancashire manager never counts them.
"""

import datetime as dt
from types import SimpleNamespace

import pytest
import time_machine
from django.utils import timezone

from children.models import Episode, Person
from deadlines.models import Deadline
from hub.roles import Role
from requests_app.models import PhoneReferral, RequestForSupport
from tests.factories import TeamFactory, UserFactory
from tests.request_factories import make_request
from tests.requests_app import payloads
from triage.models import TransitionRecord

FIRST, LAST = dt.date(2026, 9, 7), dt.date(2026, 9, 20)
NOW = dt.datetime(2026, 9, 21, 9, 0, tzinfo=dt.UTC)
PERIOD = {"start_0": 7, "start_1": 9, "start_2": 2026, "end_0": 20, "end_1": 9, "end_2": 2026}


def at(day: int, hour: int = 10, month: int = 9) -> dt.datetime:
    return timezone.make_aware(dt.datetime(2026, month, day, hour))


def a_request(referrer, *, received, area="lancashire", child=None, **fields) -> RequestForSupport:
    support_request = make_request(referrer, area=area, children=[child or payloads.child()])
    RequestForSupport.objects.filter(pk=support_request.pk).update(received_at=received, **fields)
    return RequestForSupport.objects.get(pk=support_request.pk)


def became_contact(support_request, when) -> None:
    record = TransitionRecord.objects.create(
        request=support_request, name="screen_to_contact", from_state="triage_step", to_state="contact"
    )
    TransitionRecord.objects.filter(pk=record.pk).update(at=when)


def episode(support_request, **fields) -> Episode:
    return Episode.objects.create(child=support_request.children.get(), **fields)


def clock(kind, *, due, request=None, phone=None, met=None, reason="", state=None) -> Deadline:
    return Deadline.objects.create(
        kind=kind,
        request=request,
        phone_referral=phone,
        start_event="test",
        started_at=due - dt.timedelta(days=1),
        due_at=due,
        unit="1 working day",
        state=state or (Deadline.State.MET if met else Deadline.State.OPEN),
        met_at=met,
        breach_reason=reason,
    )


@pytest.fixture
def dashboard_now():
    with time_machine.travel(NOW, tick=False):
        yield NOW


@pytest.fixture
def fortnight(dashboard_now, staff, lancashire, luton):
    team_b = TeamFactory(area=lancashire, name="CSSH Team B")
    wendy = UserFactory(
        username="wendy", first_name="Wendy", last_name="Ali", area=lancashire, team=team_b, role=Role.HUB_WORKER
    )
    luton_worker = UserFactory(username="lucy", area=luton, team=TeamFactory(area=luton), role=Role.HUB_WORKER)
    rita = staff.rita
    ava = Person.objects.create(area=lancashire, first_name="Ava", last_name="Smith")
    school, police = "Ribble Valley Primary School", "Lancashire Constabulary"

    january = a_request(rita, received=at(9, month=1), status="closed")
    r1 = a_request(
        rita, received=at(8), referrer_agency=school, cin_referral_source="2A", level_requested=3, level_decided=3,
        assigned_to=staff.harry, status="closed",
    )  # fmt: skip
    r2 = a_request(
        rita, received=at(9), referrer_agency=police, cin_referral_source="6", level_requested=4, level_decided=2,
        assigned_to=wendy, status="s47_enquiry", child=payloads.child(first="Ben"),
    )  # fmt: skip
    r3 = a_request(
        rita, received=at(15), referrer_agency=school, cin_referral_source="2A", level_requested=2,
        level_decided=None, assigned_to=None, status="submitted", child=payloads.child(first="Cara"),
    )  # fmt: skip
    r4 = a_request(rita, received=at(1), level_requested=3, assigned_to=staff.harry, status="triage_step")
    luton = a_request(rita, received=at(10), area="luton", assigned_to=luton_worker, status="contact")
    Deadline.objects.all().delete()  # only the clocks below
    for support_request in (january, r1):
        support_request.children.update(person=ava)

    episode(january, referral_date=dt.date(2026, 1, 10), closed_on=dt.date(2026, 2, 1))
    became_contact(r1, at(8, 12))
    episode(
        r1,
        referral_date=dt.date(2026, 9, 8),
        assessment_started_on=dt.date(2026, 9, 9),
        assessment_authorised_on=dt.date(2026, 9, 15),
    )
    became_contact(r2, at(10, 12))
    episode(
        r2,
        referral_date=dt.date(2026, 9, 9),
        assessment_started_on=dt.date(2026, 9, 16),
        s47_started_on=dt.date(2026, 9, 16),
    )
    became_contact(luton, at(10, 12))
    episode(luton, referral_date=dt.date(2026, 9, 10), assessment_started_on=dt.date(2026, 9, 10))

    decision, icpc, follow_up = Deadline.Kind.CONTACT_DECISION, Deadline.Kind.ICPC, Deadline.Kind.WRITTEN_FOLLOW_UP
    clock(decision, request=r1, due=at(9, 17), met=at(9, 10))
    clock(decision, request=r2, due=at(11, 17), met=at(14, 10), reason="Police checks took two days")
    clock(decision, request=r3, due=at(16, 17))
    clock(decision, request=r4, due=at(2, 17))
    clock(decision, request=r1, due=at(10, 17), state=Deadline.State.CANCELLED)
    clock(Deadline.Kind.SINGLE_ASSESSMENT, request=r1, due=at(10, 17, month=11), met=at(15))
    clock(icpc, request=r2, due=at(18, 17), met=at(17, 10))
    call = PhoneReferral.objects.create(
        reference="PHN-TEST-0001",
        area=lancashire,
        recorded_by=staff.harry,
        called_at=at(11),
        caller_name="Dr Jones",
        caller_agency="Ribble Surgery",
        caller_phone="01632 960 001",
        child_name="Dee Smith",
        worries="Worried",
        decision="triage",
    )
    clock(follow_up, phone=call, due=at(12, 11))
    clock(decision, request=luton, due=at(11, 17))

    return SimpleNamespace(
        r1=r1, r2=r2, r3=r3, r4=r4, luton=luton, call=call, wendy=wendy, team_a=staff.harry.team, team_b=team_b
    )
