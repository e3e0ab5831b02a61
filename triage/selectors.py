"""Read-side queries for the hub. Each page runs the same number of queries
whatever the page size: counts in one aggregate, the page in one query with the
nearest open deadline as a subquery, siblings in one prefetch."""

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Subquery
from django.shortcuts import get_object_or_404
from django.utils import timezone

from deadlines.calendar import calendar_for
from deadlines.models import Deadline
from hub.models import User
from requests_app.models import Child, RequestForSupport

from .services import transition_label
from .states import OPEN_STATES, State

TABS = [
    ("new", "New", [State.SUBMITTED]),
    ("triage", "Triage", [State.TRIAGE_STEP]),
    ("contact", "Contact", [State.CONTACT]),
    ("approval", "Awaiting approval", [State.AWAITING_APPROVAL]),
    ("referral", "Referral", [State.REFERRAL]),
    ("assessment", "Assessment", [State.SINGLE_ASSESSMENT]),
    ("s47", "Section 47 and conference", [State.STRATEGY_DISCUSSION, State.S47_ENQUIRY, State.ICPC]),
    ("closed", "Closed in the last 30 days", [State.CLOSED, State.ROUTED, State.WITHDRAWN, State.NOT_RETAINED]),
]
CLOSED_WINDOW = dt.timedelta(days=30)
TAB_STATES = {key: states for key, _, states in TABS}


def staff_request(*, user: User, reference: str) -> RequestForSupport:
    """A request a member of hub staff may read: their own area only."""
    request = get_object_or_404(
        RequestForSupport.objects.select_related(
            "area",
            "framework_version__framework",
            "consent__wording",
            "assigned_to",
            "referrer",
            "phone_referral",
            "pending_decision__proposed_by",
        ),
        reference=reference,
    )
    if not user.has_perm("hub.view_child_record") or user.area_id != request.area_id:
        raise PermissionDenied("This request belongs to another area.")
    return request


@dataclass(frozen=True)
class Clock:
    label: str
    due_at: dt.datetime
    colour: str  # red, amber or green, as a GOV.UK tag
    text: str


def clock_for(deadline_due: dt.datetime | None, calendar, *, now: dt.datetime | None = None) -> Clock | None:
    """How long is left, in words a busy worker reads at a glance."""
    if deadline_due is None:
        return None
    now = now or timezone.now()
    left = deadline_due - now
    if left.total_seconds() < 0:
        over = -left
        if over < dt.timedelta(days=1):
            text = f"Overdue by {max(1, int(over.total_seconds() // 3600))} hours"
        else:
            text = f"Overdue by {calendar.working_days_between(deadline_due, now)} working days"
        return Clock("overdue", deadline_due, "red", text)
    if left < dt.timedelta(hours=24):
        return Clock("due", deadline_due, "orange", f"{max(1, int(left.total_seconds() // 3600))} hours left")
    # Count from when work can next happen: on a Sunday, a Tuesday 09:00 deadline leaves one working day.
    days = calendar.working_days_between(calendar.counting_start(now), deadline_due)
    colour = "yellow" if days <= 1 else "green"
    return Clock("due", deadline_due, colour, f"{days} working day{'s' if days != 1 else ''} left")


def queue(
    *,
    user: User,
    tab: str = "new",
    level: str = "",
    urgent: str = "",
    worker: str = "",
    overdue: str = "",
    oversight: str = "",
):
    """The work tray: requests in the user's area, immediate risk and the nearest deadline first."""
    base = RequestForSupport.objects.filter(area_id=user.area_id)
    if oversight == "yes":
        base = base.filter(consent__needs_manager_oversight=True)
    if level in {"1", "2", "3", "4"}:
        base = base.filter(level_requested=int(level))
    if urgent == "yes":
        base = base.filter(immediate_risk=True)
    if worker == "me":
        base = base.filter(assigned_to=user)
    elif worker == "none":
        base = base.filter(assigned_to__isnull=True)
    next_due = Subquery(
        Deadline.objects.filter(request=OuterRef("pk"), state=Deadline.State.OPEN)
        .order_by("due_at")
        .values("due_at")[:1]
    )
    if overdue == "yes":
        base = base.filter(
            Exists(
                Deadline.objects.filter(request=OuterRef("pk"), state=Deadline.State.OPEN, due_at__lt=timezone.now())
            )
        )
    # The queue is live work plus recent closures: history is never counted or
    # listed here, so the page costs the same with a million closed requests.
    live = base.filter(status__in=OPEN_STATES) | base.filter(
        status__in=TAB_STATES["closed"], closed_at__gte=timezone.now() - CLOSED_WINDOW
    )
    counts = dict(live.order_by().values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    base = live.annotate(next_due=next_due)
    tab_counts = {key: sum(counts.get(state, 0) for state in states) for key, _, states in TABS}
    rows = (
        base.filter(status__in=TAB_STATES.get(tab, TAB_STATES["new"]))
        .select_related("assigned_to")
        .prefetch_related(
            Prefetch(
                "children",
                queryset=Child.objects.only(
                    "request_id", "first_name", "last_name", "unborn", "date_of_birth", "expected_date", "position"
                ),
            )
        )
        # Immediate risk first; then the nearest deadline.
        .order_by("-immediate_risk", F("next_due").asc(nulls_last=True), "received_at", "pk")
    )
    return rows, tab_counts


def decorate_clocks(rows, area) -> None:
    calendar = calendar_for(area)
    now = timezone.now()
    for row in rows:
        row.clock = clock_for(row.next_due, calendar, now=now)


def timeline(request: RequestForSupport) -> list[dict]:
    """Every transition, note, decision, share and deadline, oldest first."""
    items = []
    for t in request.history.select_related("by"):
        items.append(
            {
                "at": t.at,
                "kind": "transition",
                "title": transition_label(t.name),
                "by": t.by,
                "text": t.reason,
                "detail": f"{State(t.from_state).label} → {State(t.to_state).label}",
            }
        )
    for n in request.notes.select_related("by"):
        items.append(
            {
                "at": n.at,
                "kind": "note",
                "title": f"Note ({n.get_kind_display().lower()})",
                "by": n.by,
                "text": n.text,
                "detail": "",
            }
        )
    for d in request.decisions.select_related("proposed_by", "reviewed_by"):
        items.append(
            {
                "at": d.proposed_at,
                "kind": "decision",
                "title": f"{d.get_kind_display()} proposed: {d.get_outcome_display()}",
                "by": d.proposed_by,
                "text": d.reasons,
                "detail": d.get_status_display(),
            }
        )
        if d.reviewed_at:
            items.append(
                {
                    "at": d.reviewed_at,
                    "kind": "review",
                    "title": f"Decision {d.get_status_display().lower()}",
                    "by": d.reviewed_by,
                    "text": d.review_note,
                    "detail": "",
                }
            )
    for s in request.sharing.select_related("by"):
        items.append(
            {
                "at": s.at,
                "kind": "share",
                "title": f"{s.get_decision_display()} by {s.by.agency or s.by}",
                "by": s.by,
                "text": s.reasons,
                "detail": f"Lawful basis: {s.lawful_basis}",
            }
        )
    for dl in request.deadlines.all():
        items.append(
            {
                "at": dl.started_at,
                "kind": "deadline",
                "title": f"Clock started: {dl.get_kind_display()}",
                "by": None,
                "text": f"Due {timezone.localtime(dl.due_at):%d %B %Y %H:%M} ({dl.unit})",
                "detail": dl.get_state_display(),
            }
        )
    return sorted(items, key=lambda item: item["at"])
