"""The first look at a request, and screening a triage step against the levels of need (rules 6–11)."""

from django.db import models, transaction
from django.utils import timezone

from children.episodes import episodes_open
from children.models import Episode, Person
from deadlines.models import Deadline
from deadlines.services import deadlines_meet
from hub.models import User
from hub.selectors import area_managers
from notifications.models import Notification
from notifications.services import notification_create
from requests_app.choices import OpenToCsc
from requests_app.models import RequestForSupport
from thresholds.choices import StatutoryBasis
from workflow.fsm import TransitionRefused
from workflow.machine import has_open_case, is_immediate_risk
from workflow.states import State

from ..models import TransitionRecord
from .closing import feedback_send, request_close
from .moving import level_check, locked, move


class ScreenAction(models.TextChoices):
    """What the worker decides happens next to a triage step."""

    CONTACT = "contact", "Make a contact"
    CLOSE = "close", "Close with advice, signposting or a Team Around the Family"
    NOT_RETAINED = "not_retained", "Do not retain: below level 3 and no consent"
    RETURN_FOR_CONSENT = "return_for_consent", "Return to the referrer: level 3 needs parental consent"


# Each screening choice and the move it makes.
SCREEN_MOVES = {
    ScreenAction.CONTACT: "screen_to_contact",
    ScreenAction.CLOSE: "screen_below_threshold",
    ScreenAction.NOT_RETAINED: "screen_not_retained",
    ScreenAction.RETURN_FOR_CONSENT: "screen_return_for_consent",
}


@transaction.atomic
def triage_begin(*, request: RequestForSupport, by: User) -> TransitionRecord:
    """First look: an open case goes to its allocated worker (rule 6), immediate
    risk becomes a contact now (rule 7), anything else becomes a triage step."""
    request = locked(request)
    unchecked = [
        c.first_name for c in request.children.all() if c.open_to_csc == OpenToCsc.HERE and c.person_id is None
    ]
    if unchecked and not request.open_case_note:
        raise TransitionRefused(
            f"The referrer says {' and '.join(unchecked)} is open to children's social care here. Link the child's "
            "existing record, or record them as new, before starting triage: an open case goes to the allocated "
            "worker (rule 6)."
        )
    if has_open_case(request):
        record = move(request, "route_to_allocated_worker", by=by, reason=request.open_case_note)
        deadlines_meet(request=request, kind=Deadline.Kind.CONTACT_DECISION)
        request_route_to_case_holder(request, by=by)
        request_close(request, by=by, kind=None)
        return record
    if is_immediate_risk(request):
        # The decision clock runs on: it stops at the approved decision on the contact.
        record = move(request, "contact_on_immediate_risk", by=by, reason="Immediate risk")
        episodes_open(request=request)
        return record
    record = move(request, "start_triage", by=by)
    episodes_open(request=request)
    return record


def urgent_requests_begin(*, limit: int = 100) -> int:
    """An immediate-risk request becomes a contact at once, without waiting for a worker (rule 7).
    Queued when the request commits, and swept every minute so a lost task loses nothing."""
    begun = 0
    waiting = RequestForSupport.objects.filter(status=State.SUBMITTED, immediate_risk=True, open_case_note="")
    for pk in waiting.order_by("received_at").values_list("pk", flat=True)[:limit]:
        with transaction.atomic():
            request = (
                RequestForSupport.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("consent", "area", "phone_referral", "pending_decision")
                .filter(pk=pk, status=State.SUBMITTED)
                .first()
            )
            if request is None:
                continue  # another sweep, or a worker, got there first
            move(request, "contact_on_immediate_risk", by=None, reason="Immediate risk: a contact at once")
            episodes_open(request=request)
            begun += 1
    return begun


def request_route_to_case_holder(request: RequestForSupport, *, by: User) -> User | None:
    """Assign a request about a child with an open case to whoever holds it: the allocated
    worker when they use the service, otherwise their team's manager; and tell them (rule 6)."""
    person = (
        Person.objects.filter(children__request=request, open_case=True)
        .select_related("allocated_user", "allocated_team")
        .first()
    )
    holder = person.allocated_user if person and person.allocated_user and person.allocated_user.is_active else None
    if holder is None and person and person.allocated_team:
        holder = _team_manager(person.allocated_team)
    if holder is None:
        return None
    # On the request in hand too: closing it next saves it whole.
    request.assigned_to, request.assigned_at = holder, timezone.now()
    RequestForSupport.objects.filter(pk=request.pk).update(assigned_to=holder, assigned_at=request.assigned_at)
    notification_create(
        recipient=holder,
        kind=Notification.Kind.WORK,
        subject=f"{request.reference}: a new request about a child on your caseload",
        body=f"{by.display_name} sent you request {request.reference}: the child has an open case with you.",
        link=request.get_absolute_url(),
        dedupe_key=f"routed:{request.reference}",
    )
    return holder


def _team_manager(team) -> User | None:
    """The team's manager: someone in the team whose role assigns work."""
    return area_managers(team.area).filter(team=team).first()


@transaction.atomic
def triage_screen(
    *,
    request: RequestForSupport,
    by: User,
    action: str,
    level: int,
    reasons: str,
    for_referrer: str = "",
    statutory_basis: str = StatutoryBasis.NONE,
    outcome: str = "",
    child_levels: dict | None = None,
) -> TransitionRecord:
    """Screen a triage step against the framework (rules 9–11). `level` is the family's;
    `child_levels` records a child (by id) whose own need differs. The request goes by the
    highest need among them."""
    if not reasons.strip():
        raise TransitionRefused("Give the reasons for your screening decision.")
    request = locked(request)
    child_levels = {str(child): int(lvl) for child, lvl in (child_levels or {}).items() if lvl}
    level_check(request, level, *child_levels.values())
    family_level, level = level, max([level, *child_levels.values()])
    request.level_decided = level
    request.statutory_basis = statutory_basis
    data = {"level": level, "statutory_basis": statutory_basis, "outcome": outcome}
    if child_levels:
        data["child_levels"] = child_levels
    if action not in SCREEN_MOVES:
        raise TransitionRefused("Choose what happens next.")
    kwargs = {"outcome": outcome} if action == ScreenAction.CLOSE else {}
    record = move(request, SCREEN_MOVES[action], by=by, reason=reasons, data=data, **kwargs)
    if request.status != State.CONTACT:
        # Decided at screening: closed, not retained or returned. A contact's clock runs on to its decision.
        deadlines_meet(request=request, kind=Deadline.Kind.CONTACT_DECISION)
    for episode in episodes_open(request=request):
        Episode.objects.filter(pk=episode.pk).update(
            level_decided=child_levels.get(str(episode.child_id), family_level)
        )
    if request.status == State.CLOSED:
        request_close(request, by=by, kind=None, message=for_referrer)
    elif request.status == State.NOT_RETAINED:
        # The request is about to be purged: tell the referrer now.
        feedback_send(request, kind=None, outcome=request.outcome, message=for_referrer)
    return record
