"""Read-side queries for the hub: a request, its timeline, partner checks, disagreements and
immediate-risk calls, each read where the reader's access allows. The queue's own reads are in
triage/queue.py."""

from django.utils import timezone

from hub.access import covers_area, get_or_refuse, may_read_area_records
from hub.models import User
from lib.compiled import CompiledModels
from requests_app.models import Child, PhoneReferral, RequestForSupport
from workflow.fsm import transition_label
from workflow.states import OPEN_STATES, State

from .models import Disagreement, PartnerCheck


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


def timeline(request: RequestForSupport, deadlines: list | None = None, questions: list | None = None) -> list[dict]:
    """Every transition, note, decision, share and deadline, oldest first. `deadlines` and
    `questions` (with who asked each): the request's clocks and questions when the page has read them."""
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
    for q in request.questions.select_related("asked_by") if questions is None else questions:
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


def urgent_calls_in(area_ids):
    """Phoned referrals at immediate risk in these areas whose written request has not come."""
    return PhoneReferral.objects.filter(area_id__in=area_ids, immediate_risk=True, linked_at__isnull=True).order_by(
        "called_at", "pk"
    )


# Every queue page asks, to count the immediate-risk tab: compiled once per process and number of
# areas (lib/compiled.py), and only what the tab shows and the audit records is read, not the call's
# every answer.
_URGENT_CALLS = CompiledModels(
    PhoneReferral,
    urgent_calls_in,
    fields=(
        *("reference", "child_name", "called_at"),
        *("recorded_by__first_name", "recorded_by__last_name", "recorded_by__username"),
    ),
)


def urgent_calls(user: User) -> list[PhoneReferral]:
    """Phoned referrals at immediate risk still waiting for their written request: each is
    already a contact made on the call (rule 7), so the urgent tab lists it above the requests."""
    return _URGENT_CALLS.instances(user.area_ids)
