"""Each dashboard figure as the rows behind it: a figure is the count of its rows.

The dashboard works its figures out in a few grouped queries (dashboard.py) from the same
conditions as here, and the list page reads the rows from here, so "12 contacts" always opens a
list of 12. Most rows are requests; the timeliness figures count clocks (deadlines), because a
request may have several and a phoned referral nobody followed up has no request at all.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from django.db.models import Case, Exists, F, OuterRef, Q, QuerySet, TextField, Value, When
from django.db.models.functions import MD5, Coalesce, Left, NullIf, Trim, TruncDate
from django.utils import timezone

from children.episodes import is_rereferral
from children.models import Episode
from deadlines.models import Deadline
from deadlines.rules import UNEXPLAINED, Kind
from deadlines.selectors import request_overdue
from hub.area_policy import DeadlineUnit
from hub.models import Area

from .dashboard_scope import CHILD_EVENTS, EVENT_DATES, Scope, deadlines_in, event_in, open_in, reached

# The timeliness figures, each the clock the rule is counted by.
TIMELINESS = {
    Kind.CONTACT_DECISION: "Contact decisions within one working day",
    Kind.SINGLE_ASSESSMENT: "Assessments within 45 working days",
    # Each area sets its own conference timescale (rule 18): see conference_timescale.
    Kind.ICPC: "Initial child protection conferences within {icpc} of the strategy discussion",
    Kind.WRITTEN_FOLLOW_UP: "Written follow-ups within 24 hours of the call",
}
# The same, short enough for a chart's label on a phone.
TIMELINESS_SHORT = {
    Kind.CONTACT_DECISION: "Contact decisions in 1 working day",
    Kind.SINGLE_ASSESSMENT: "Assessments in 45 working days",
    Kind.ICPC: "Conferences in {icpc}",
    Kind.WRITTEN_FOLLOW_UP: "Written follow-ups in 24 hours",
}
NO_REASON = "No reason recorded"


def conference_timescale(area_ids) -> str:
    """The conference clock the areas shown share, in words ("15 working days"); where their
    settings differ, each clock was still counted to its own area's due time."""
    timescales = set(
        Area.objects.filter(pk__in=area_ids).values_list("conference_deadline_days", "conference_deadline_unit")
    )
    if len(timescales) != 1:
        return "each area's timescale"
    days, unit = timescales.pop()
    return f"{days} {DeadlineUnit(unit).label.lower()}"


def timeliness_titles(area_ids, *, short: bool = False) -> dict[str, str]:
    icpc = conference_timescale(area_ids)
    return {kind: title.format(icpc=icpc) for kind, title in (TIMELINESS_SHORT if short else TIMELINESS).items()}


# Each event's figure. A request and a contact are counted once a request; the census's events
# once a child, as the census and Annex A count them (CHILD_EVENTS), so the figures match the returns.
EVENT_TITLES = {
    "received": "Requests received",
    "contacts": "Contacts",
    "referrals": "Children referred",
    "assessments": "Children's assessments started",
    "s47s": "Children's section 47 enquiries started",
    "outcomes": "Children's assessments with an outcome",
}
# The conversion's stages follow the requests received, so each counts requests.
STAGE_TITLES = {
    "received": "Requests received",
    "contacts": "Contacts",
    "referrals": "Referrals",
    "assessments": "Assessments started",
    "outcomes": "Assessments with an outcome",
}
STAGES = ("received", "contacts", "referrals", "assessments", "outcomes")


@dataclass(frozen=True)
class Rows:
    """The rows behind one figure, and what the list page calls them."""

    title: str
    queryset: QuerySet
    clocks: bool = False  # rows are deadlines, not requests
    children: bool = False  # a request's row for each child counted (CHILD_EVENTS)
    now: bool = False  # open work today, whatever the period


def received_in(scope: Scope) -> QuerySet:
    return event_in(scope, "received")


def met() -> Q:
    return Q(met_at__isnull=False, met_at__lte=F("due_at"))


def missed() -> Q:
    """Met late, or still open past its due time."""
    return Q(met_at__gt=F("due_at")) | Q(state=Deadline.State.OPEN, due_at__lt=timezone.now())


def clocks_due(scope: Scope, kinds) -> QuerySet[Deadline]:
    """The clocks of these kinds due in the period and decided by now: met, or missed. A clock no longer
    needed (the request closed another way) and one still running in time are neither."""
    return (
        deadlines_in(scope)
        .filter(kind__in=list(kinds))
        .exclude(state=Deadline.State.CANCELLED)
        .annotate(due_on=TruncDate("due_at"))
        .filter(due_on__range=(scope.first, scope.last))
        .filter(met() | missed())
    )


def reason_text():
    """Why a clock was missed, as a worker recorded it; the service's own note that it was late
    (deadlines.rules.UNEXPLAINED) is no reason, and counts with the blanks."""
    return Case(
        When(breach_reason__in=UNEXPLAINED, then=Value(NO_REASON)),
        default=Coalesce(NullIf(Trim("breach_reason"), Value("")), Value(NO_REASON)),
        output_field=TextField(),
    )


def text_key(text) -> Left:
    """A short key for free text, for a list's address: a breach reason a worker typed, or an agency
    a referrer named, may name someone, so the words never go into a URL (or an access log)."""
    return Left(MD5(text), 10)


def reason_key() -> Left:
    return text_key(reason_text())


def agency_key() -> Left:
    return text_key(F("referrer_agency"))


def rereferral() -> Exists:
    """Whether a child's referral row (`event_in(scope, "referrals")`) is a re-referral (`is_rereferral`)."""
    return Exists(Episode.objects.filter(is_rereferral(), pk=OuterRef("episode_pk")))


def rereferrals_in(scope: Scope) -> QuerySet:
    """Children's referrals in the period of a child referred in the 12 months before."""
    return event_in(scope, "referrals").filter(rereferral())


def _level(value: str) -> int | None:
    return None if value == "none" else int(value)


def _levels(scope: Scope, p: Mapping) -> Rows:
    requested, decided = int(p["requested"]), _level(p["decided"])
    decided_filter = {"level_decided__isnull": True} if decided is None else {"level_decided": decided}
    rows = received_in(scope).filter(level_requested=requested, **decided_filter)
    return Rows(f"Requests for level {requested} decided as {p['decided']}".replace("as none", "not yet"), rows)


def _timely(scope: Scope, p: Mapping) -> Rows:
    kind, result = Kind(p["kind"]), p.get("result", "all")
    rows = clocks_due(scope, [kind])
    title = timeliness_titles(scope.area_ids)[kind]
    if result == "met":
        rows, title = rows.filter(met()), f"{title}: met"
    elif result == "missed":
        rows, title = rows.filter(missed()), f"{title}: missed"
    if p.get("reason"):
        rows = rows.annotate(reason_key=reason_key()).filter(reason_key=p["reason"])
        title = f"{title}, for one reason"
    return Rows(title, rows, clocks=True)


def _agency(scope: Scope, p: Mapping) -> Rows:
    rows = received_in(scope).annotate(agency_key=agency_key()).filter(agency_key=p["agency"])
    name = rows.values_list("referrer_agency", flat=True).first()
    return Rows("Requests from one agency" if name is None else f"Requests from {name or 'no agency named'}", rows)


def _open(scope: Scope, p: Mapping) -> Rows:
    rows, title = open_in(scope), "Open work"
    worker = p.get("worker", "")
    if worker == "none":
        rows, title = rows.filter(assigned_to__isnull=True), "Open work nobody is assigned"
    elif worker:
        rows, title = rows.filter(assigned_to_id=int(worker)), "Open work of one worker"
    if p.get("overdue"):
        rows, title = rows.filter(request_overdue()), f"{title}, overdue now"
    return Rows(title, rows, now=True)


FIGURES: dict[str, Callable[[Scope, Mapping], Rows]] = {
    **{
        event: (
            lambda scope, p, event=event: Rows(
                EVENT_TITLES[event], event_in(scope, event), children=event in CHILD_EVENTS
            )
        )
        for event in EVENT_DATES
    },
    "agency": _agency,
    "source": lambda scope, p: Rows(
        "Requests by one referral source", received_in(scope).filter(cin_referral_source=p["source"])
    ),
    "levels": _levels,
    "stage": lambda scope, p: Rows(
        f"Requests received that became {STAGE_TITLES[p['stage']].lower()}",
        received_in(scope).filter(reached(p["stage"])),
    ),
    "rereferrals": lambda scope, p: Rows("Re-referrals within 12 months", rereferrals_in(scope), children=True),
    "timely": _timely,
    "open": _open,
}


def figure_rows(key: str, scope: Scope, params: Mapping) -> Rows | None:
    """The rows behind figure `key` with its `params`, or None for a figure that does not exist."""
    if any("\x00" in value for value in params.values()):
        return None  # no agency, code or key holds a NUL, and PostgreSQL cannot compare text that does
    try:
        return FIGURES[key](scope, params)
    except (KeyError, ValueError):
        return None
