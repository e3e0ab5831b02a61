"""Closing a request and telling the referrer the outcome."""

from django.db import transaction
from django.utils import timezone

from children.episodes import episodes_apply, episodes_open
from children.models import Episode
from deadlines.models import Deadline
from deadlines.services import deadlines_cancel
from hub.models import User
from notifications.models import Notification
from notifications.services import notification_create
from requests_app.models import RequestForSupport
from workflow.for_referrer import OUTCOME
from workflow.fsm import TransitionRefused
from workflow.states import Outcome

from ..feedback import CHILDREN_DIFFER, feedback_allowed, feedback_text
from ..models import PartnerCheck, TransitionRecord
from .checks import checks_close
from .moving import locked, move


def request_close(
    request: RequestForSupport, *, by: User, kind: str | None, message: str = "", per_child: list | None = None
) -> None:
    """The front door has finished with every child: stamp it and tell the referrer. A child
    still in play takes the request's outcome; an episode a plan handed on stays open."""
    request.closed_at = timezone.now()
    request.save()
    # Nothing at the front door is awaited any more: its clocks stop and waiting checks close.
    # The LADO must still be told of an allegation (rule 20), so that clock runs on.
    Deadline.objects.filter(request=request, state=Deadline.State.OPEN).exclude(
        kind=Deadline.Kind.LADO_NOTIFICATION
    ).update(state=Deadline.State.CANCELLED, next_action_at=None)
    waiting = list(request.checks.filter(status=PartnerCheck.Status.WAITING))
    if waiting:
        checks_close(checks=waiting, reason="The request closed before an answer came.", at=request.closed_at)
    episodes_open(request=request)
    episodes_apply(request=request, outcome_for=lambda child_id: request.outcome, by=by)
    feedback_send(request, kind=kind, outcome=request.outcome, message=message, per_child=per_child)


def feedback_send(
    request: RequestForSupport, *, kind: str | None, outcome: str, message: str = "", per_child: list | None = None
) -> None:
    """Tell the referrer what was decided, what happens next and who to contact: always for
    contact outcomes, only with parental consent for assessment and later outcomes (rule 22).
    `message` is what the worker wrote for the referrer; their internal reasons never go."""
    if not feedback_allowed(request, kind):
        return
    # Each child this outcome is about: those a decision gave outcomes to (going on, or not), or
    # every child who has finished at the front door.
    per_child = per_child or [
        (episode.child.first_name, episode.outcome)
        for episode in Episode.objects.filter(child__request=request, stage=Episode.Stage.FINISHED)
        .select_related("child")
        .order_by("child__position")
    ]
    siblings_differ = len({child_outcome for _, child_outcome in per_child}) > 1
    text = feedback_text(outcome, message, per_child=per_child if siblings_differ else None, area=request.area)
    RequestForSupport.objects.filter(pk=request.pk).update(feedback_text=text, feedback_sent_at=timezone.now())
    notification_create(
        recipient=request.referrer,
        email=request.referrer_email,
        kind=Notification.Kind.OUTCOME,
        subject=f"Outcome of your request {request.reference}",
        # The email names no child: where siblings' outcomes differ it says only that.
        body=f"There is an outcome for your request for support {request.reference}.\n\n"
        f"{CHILDREN_DIFFER if siblings_differ else OUTCOME.get(outcome, '')}\n\n"
        "Open the request to read what happens next.",
        link=request.get_referrer_url(),
        # One message per stage and outcome: a contact's NFA and a later NFA are two messages.
        dedupe_key=f"outcome:{request.reference}:{kind or 'screening'}:{outcome}",
    )


@transaction.atomic
def request_withdraw(*, request: RequestForSupport, by: User, reason: str) -> TransitionRecord:
    if not reason.strip():
        raise TransitionRefused("Give the reason for withdrawing the request.")
    request = locked(request)
    record = move(request, "withdraw", by=by, reason=reason)
    # The LADO must still be told of an allegation (rule 20), so that clock runs on.
    deadlines_cancel(request=request, kind=Deadline.Kind.CONTACT_DECISION)
    request.closed_at = timezone.now()
    request.save()
    episodes_apply(request=request, outcome_for=lambda child_id: Outcome.WITHDRAWN, by=by)
    return record
