"""What a dashboard figure covers, and the one home of each front-door event's date.

A manager's figures cover the areas they cover (`hub.access.areas_covered`), or one of them; a
team, or all; and a period of days. Every figure is drawn from the querysets below, and the list
behind a figure is drawn from the same ones, so the count and the list cannot disagree.

The team is the team of the worker the request is assigned to at the front door, as Annex A's
"Allocated Team" is. A child's episode names the team it was handed on to only after a plan or
family help, so most of the front door's work (every request still open, every contact closed
with advice) would belong to no team if we filtered by that.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Exists, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import TruncDate
from django.utils import timezone

from children.models import Episode
from deadlines.models import Deadline
from lib.dates import years_before
from requests_app.models import RequestForSupport
from triage.models import TransitionRecord
from workflow.states import OPEN_STATES, State

WEEKS_SHOWN = 12


@dataclass(frozen=True)
class Scope:
    """The areas (already limited to those the manager covers), the team, and the days covered."""

    area_ids: tuple[int, ...]
    first: dt.date
    last: dt.date
    team_id: int | None = None


def default_period(today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """The last twelve weeks to today: this week and the eleven before it, from a Monday, so the
    weekly chart has twelve whole weeks' bars (the last one running to today)."""
    today = today or timezone.localdate()
    monday = today - dt.timedelta(days=today.weekday())
    return monday - dt.timedelta(weeks=WEEKS_SHOWN - 1), today


def quick_periods(today: dt.date | None = None) -> list[tuple[str, dt.date, dt.date]]:
    """The periods a manager most often asks for, offered as links above the figures. Work past
    the front door runs for months (a plan, a conference), so twelve weeks alone shows little of it."""
    today = today or timezone.localdate()
    april = dt.date(today.year if today.month >= 4 else today.year - 1, 4, 1)
    return [
        ("The last 12 weeks", default_period(today)[0], today),
        ("The last 6 months", today - dt.timedelta(days=182), today),
        ("The last 12 months", years_before(today, 1) + dt.timedelta(days=1), today),
        ("Since 1 April (this census year)", april, today),
    ]


def weeks(scope: Scope) -> list[tuple[dt.date, dt.date]]:
    """Each week (Monday to Sunday) the period touches, clipped to the period."""
    monday = scope.first - dt.timedelta(days=scope.first.weekday())
    found = []
    while monday <= scope.last:
        found.append((max(monday, scope.first), min(monday + dt.timedelta(days=6), scope.last)))
        monday += dt.timedelta(weeks=1)
    return found


def requests_in(scope: Scope) -> QuerySet[RequestForSupport]:
    """Every request of the scope's areas (and team), whenever it arrived."""
    requests = RequestForSupport.objects.filter(area_id__in=scope.area_ids)
    if scope.team_id is not None:
        requests = requests.filter(assigned_to__team_id=scope.team_id)
    return requests


def deadlines_in(scope: Scope) -> QuerySet[Deadline]:
    """Every clock of the scope's areas (and team). A phoned referral nobody has followed up in
    writing has no request yet: its call says whose area, and its recorder whose team."""
    by_request = Q(request__area_id__in=scope.area_ids)
    by_call = Q(request__isnull=True, phone_referral__area_id__in=scope.area_ids)
    if scope.team_id is not None:
        by_request &= Q(request__assigned_to__team_id=scope.team_id)
        by_call &= Q(phone_referral__recorded_by__team_id=scope.team_id)
    return Deadline.objects.filter(by_request | by_call)


def _childs_date(field: str) -> F:
    """The date a child of the request has for `field`, through the join to each child's episode: a
    request with two children referred is two rows, each on its own child's date (decision 0015)."""
    return F(f"children__episode__{field}")


def _became_contact() -> TruncDate:
    moved = (
        TransitionRecord.objects.filter(request=OuterRef("pk"), to_state=State.CONTACT).order_by("at").values("at")[:1]
    )
    return TruncDate(Subquery(moved))


# The one home of each event's date (decision 0015):
# - a request is received on its `received_at`, the day it reached the hub;
# - it becomes a contact on the day of the first TransitionRecord into the contact state, when the
#   hub decided it needed a contact decision (a request closed at screening never becomes one);
# - a referral, an assessment and a section 47 enquiry are dated as the census dates them, by the
#   child's episode: `referral_date`, `assessment_started_on`, `s47_started_on`; and counted as the
#   census and Annex A count them, once for each child (CHILD_EVENTS);
# - an assessment has its outcome on `assessment_authorised_on`, when the outcome was approved.
CHILD_EVENTS = {
    "referrals": "referral_date",
    "assessments": "assessment_started_on",
    "s47s": "s47_started_on",
    "outcomes": "assessment_authorised_on",
}
EVENT_DATES = {
    "received": lambda: TruncDate("received_at"),
    "contacts": _became_contact,
    **{event: (lambda field=field: _childs_date(field)) for event, field in CHILD_EVENTS.items()},
}


def dated(requests: QuerySet[RequestForSupport], event: str) -> QuerySet[RequestForSupport]:
    """The requests annotated with the day they reached `event` (`on`), or None if they have not.
    For a child's event, a row per child, with the child's episode as `episode_pk`."""
    if event in CHILD_EVENTS:
        return requests.annotate(on=EVENT_DATES[event](), episode_pk=F("children__episode__pk"))
    return requests.annotate(on=EVENT_DATES[event]())


def event_in(scope: Scope, event: str) -> QuerySet[RequestForSupport]:
    """The scope's requests that reached `event` on a day in the period."""
    return dated(requests_in(scope), event).filter(on__range=(scope.first, scope.last))


def reached(event: str) -> Exists | Q:
    """Whether a request has ever reached `event`: the stages of the conversion figure."""
    if event == "received":
        return Q(pk__isnull=False)
    if event == "contacts":
        return Exists(TransitionRecord.objects.filter(request=OuterRef("pk"), to_state=State.CONTACT))
    field = CHILD_EVENTS[event]
    return Exists(Episode.objects.filter(child__request=OuterRef("pk"), **{f"{field}__isnull": False}))


def open_in(scope: Scope) -> QuerySet[RequestForSupport]:
    """The scope's requests the front door is still working on, now (the period does not apply)."""
    return requests_in(scope).filter(status__in=OPEN_STATES)
