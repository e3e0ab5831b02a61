"""Read-side queries for the hub. Each page runs the same number of queries
whatever the page size: counts in one aggregate, the page in one query with the
nearest open deadline as a subquery, the page's children in one query of plain values
(queue_children_attach)."""

import datetime as dt
from typing import NamedTuple

from django.db.models import Count, OuterRef, Q, Subquery
from django.utils import timezone

from deadlines.models import Deadline
from deadlines.selectors import closure_dates_with, request_overdue
from hub.access import covers_area, get_or_refuse, may_read_area_records
from hub.models import User
from lib.answers import YesNo
from requests_app.models import Child, PhoneReferral, RequestForSupport
from workflow.fsm import transition_label
from workflow.states import OPEN_STATES, State

from .models import Disagreement, PartnerCheck
from .worklist import SORTS, search_matching

URGENT_TAB = "urgent"
TABS = [
    # Immediate risk sits above everything, in a tab of its own, whatever its stage.
    (URGENT_TAB, "Immediate risk", OPEN_STATES),
    ("new", "New", [State.SUBMITTED]),
    ("triage", "Triage", [State.TRIAGE_STEP]),
    ("contact", "Contact", [State.CONTACT]),
    ("approval", "Awaiting approval", [State.AWAITING_APPROVAL]),
    ("referral", "Referral", [State.REFERRAL]),
    ("assessment", "Assessment", [State.SINGLE_ASSESSMENT]),
    ("s47", "Section 47 and conference", [State.STRATEGY_DISCUSSION, State.S47_ENQUIRY, State.ICPC]),
    ("all", "All open work", OPEN_STATES),
    ("closed", "Closed in the last 30 days", [State.CLOSED, State.ROUTED, State.WITHDRAWN, State.NOT_RETAINED]),
]
CLOSED_WINDOW = dt.timedelta(days=30)
TAB_STATES = {key: states for key, _, states in TABS}


def staff_request(*, user: User, reference: str) -> RequestForSupport:
    """A request a member of hub staff may read: their own area only."""
    return get_or_refuse(
        RequestForSupport.objects.select_related(
            "area",
            "framework_version__framework",
            "consent__wording",
            "assigned_to",
            "referrer",
            "phone_referral",
            "pending_decision__proposed_by",
        ),
        lambda request: may_read_area_records(user, request.area_id),
        reference=reference,
    )


# What a queue row shows (triage.queue_rows), counts its clock with (the area's office hours) and
# audits (the reference). Naming the columns rather than leaving some out keeps the worker's password
# hash and the request's long answers in the database, and Django compiles and builds a third of
# the columns it did.
QUEUE_SHOWN = (
    *("reference", "status", "area_id", "immediate_risk", "level_requested", "referrer_agency", "received_at"),
    *("area__office_hours", "assigned_to__first_name", "assigned_to__last_name", "assigned_to__username"),
    "pending_decision__outcome",
)


def queue(
    *,
    user: User,
    tab: str = "new",
    level: str = "",
    urgent: str = "",
    worker: str = "",
    overdue: str = "",
    oversight: str = "",
    q: str = "",
    sort: str = "",
):
    """The work tray: requests in the user's areas, immediate risk and the nearest deadline
    first unless another order is asked for. `q` finds a reference, a child's name, an NHS
    number or a date of birth."""
    base = RequestForSupport.objects.filter(area_id__in=user.area_ids)
    if q.strip():
        base = base.filter(search_matching(q.strip()))
    if oversight == YesNo.YES:
        base = base.filter(consent__needs_manager_oversight=True)
    if level in {"1", "2", "3", "4"}:
        base = base.filter(level_requested=int(level))
    if urgent == YesNo.YES:
        base = base.filter(immediate_risk=True)
    if worker == "me":
        base = base.filter(assigned_to=user)
    elif worker == "none":
        base = base.filter(assigned_to__isnull=True)
    elif worker.isdigit():
        base = base.filter(assigned_to_id=int(worker))
    next_due = Subquery(
        Deadline.objects.filter(request=OuterRef("pk"), state=Deadline.State.OPEN)
        .order_by("due_at")
        .values("due_at")[:1]
    )
    if overdue == YesNo.YES:
        base = base.filter(request_overdue())
    # The queue is live work plus recent closures: history is never counted or
    # listed here, so the page costs the same with a million closed requests.
    live = base.filter(status__in=OPEN_STATES) | base.filter(
        status__in=TAB_STATES["closed"], closed_at__gte=timezone.now() - CLOSED_WINDOW
    )
    by_status = (
        live.order_by().values("status").annotate(n=Count("pk"), urgent=Count("pk", filter=Q(immediate_risk=True)))
    )
    counts = {row["status"]: row["n"] for row in by_status}
    tab_counts = {key: sum(counts.get(state, 0) for state in states) for key, _, states in TABS}
    tab_counts[URGENT_TAB] = sum(row["urgent"] for row in by_status if row["status"] in OPEN_STATES)
    base = live.annotate(next_due=next_due)
    if tab == URGENT_TAB:
        base = base.filter(immediate_risk=True)
    if sort in {"age", "-age"}:
        # A subquery, not Max() over a join: an aggregate groups every live row, columns and all,
        # before the page is cut (about half the query's time on a county's queue).
        base = base.annotate(
            youngest_born=Subquery(
                Child.objects.filter(request=OuterRef("pk"), date_of_birth__isnull=False)
                .order_by("-date_of_birth")
                .values("date_of_birth")[:1]
            )
        )
    rows = (
        base.filter(status__in=TAB_STATES.get(tab, TAB_STATES["new"]))
        # Each row's area's closure days, for its clock: no query of their own (clocks_decorate).
        .annotate(**closure_dates_with("area_closure_dates", "area_id"))
        .select_related("area", "assigned_to", "pending_decision")
        .only(*QUEUE_SHOWN)
        .order_by(*SORTS.get(sort, SORTS[""]))
    )
    return rows, tab_counts


class QueueChild(NamedTuple):
    """What a queue row shows of a child: plain values, not a model instance."""

    first_name: str
    last_name: str
    unborn: bool
    date_of_birth: dt.date | None


def queue_children_attach(rows) -> None:
    """Give each row of a queue page its children, in their order on the form, as `queue_children`:
    one query for the page, as a prefetch would be, but read as plain values. Django's prefetch
    built a model instance per child and compiled a query of its own, about a tenth of the page."""
    by_request: dict[int, list[QueueChild]] = {row.pk: [] for row in rows}
    if not by_request:
        return
    found = (
        Child.objects.filter(request_id__in=by_request)
        .order_by("request_id", "position", "pk")
        .values_list("request_id", "first_name", "last_name", "unborn", "date_of_birth")
    )
    for request_id, *child in found:
        by_request[request_id].append(QueueChild(*child))
    for row in rows:
        row.queue_children = by_request[row.pk]


def timeline(request: RequestForSupport, deadlines: list | None = None) -> list[dict]:
    """Every transition, note, decision, share and deadline, oldest first.
    `deadlines`: the request's clocks when the page has read them already."""
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
    for q in request.questions.select_related("asked_by"):
        items.append(
            {
                "at": q.asked_at,
                "kind": "question",
                "title": "Question to the referrer" + ("" if q.answered_at else " (not yet answered)"),
                "by": q.asked_by,
                "text": q.text + (f"\n\nAnswer: {q.answer}" if q.answered_at else ""),
                "detail": "",
            }
        )
    for dl in request.deadlines.all() if deadlines is None else deadlines:
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


def checks_for_officer(user: User):
    """A partner officer sees only the checks addressed to their own agency."""
    return (
        PartnerCheck.objects.filter(agency_id=user.agency_id)
        .select_related("request", "agency")
        .order_by("status", "due_at")
    )


def check_for_officer(*, user: User, check_id: int) -> PartnerCheck:
    """One check, for an officer of the agency it is addressed to."""
    return get_or_refuse(
        PartnerCheck.objects.select_related("request__area", "agency"),
        lambda check: user.has_perm("hub.answer_partner_check") and check.agency_id == user.agency_id,
        pk=check_id,
    )


def request_to_disagree_with(*, user: User, reference: str) -> RequestForSupport:
    """A request its referrer, or a partner consulted on it, may challenge (rule 33)."""

    def may_challenge(support_request: RequestForSupport) -> bool:
        consulted = (
            user.has_perm("hub.answer_partner_check")
            and user.agency_id is not None
            and support_request.checks.filter(agency_id=user.agency_id).exists()
        )
        return user.pk == support_request.referrer_id or consulted

    return get_or_refuse(RequestForSupport.objects.all(), may_challenge, reference=reference)


def disagreement_for_manager(*, user: User, disagreement_id: int) -> Disagreement:
    return get_or_refuse(
        Disagreement.objects.select_related("request", "raised_by"),
        lambda disagreement: covers_area(user, disagreement.request.area_id),
        pk=disagreement_id,
    )


def staff_child(*, user: User, reference: str, child_id: int) -> Child:
    """A child in a request a member of hub staff may read: their own area only."""
    support_request = staff_request(user=user, reference=reference)
    child = get_or_refuse(
        Child.objects.select_related("person", "episode__handed_to_team"),
        lambda child: True,
        pk=child_id,
        request=support_request,
    )
    child.request = support_request
    return child


def urgent_unclaimed(area_ids):
    """Open requests at immediate risk in these areas (a worker's) that nobody has claimed yet."""
    return RequestForSupport.objects.filter(
        area_id__in=area_ids, status__in=OPEN_STATES, immediate_risk=True, assigned_to__isnull=True
    )


def urgent_calls(user: User):
    """Phoned referrals at immediate risk still waiting for their written request: each is
    already a contact made on the call (rule 7), so the urgent tab lists it above the requests."""
    return (
        PhoneReferral.objects.filter(area_id__in=user.area_ids, immediate_risk=True, linked_at__isnull=True)
        .select_related("recorded_by")
        .order_by("called_at")
    )
