"""Closing a request and telling the referrer the outcome."""

from django.db import transaction
from django.utils import timezone

from children.models import Person
from deadlines.models import Deadline
from deadlines.services import deadlines_cancel
from hub.models import User
from notifications.models import Notification
from notifications.services import notification_create
from requests_app.models import RequestForSupport
from workflow.fsm import TransitionRefused
from workflow.states import OPEN_CASE_OUTCOMES

from ..feedback import feedback_allowed, feedback_text
from ..models import TransitionRecord
from .moving import locked, move


def request_close(
    request: RequestForSupport, *, by: User, kind: str | None, reasons: str, closure_reason: str = ""
) -> None:
    """Stamp the closure, open the child's case where the outcome is a plan, and tell the referrer."""
    request.closed_at = timezone.now()
    if closure_reason:
        request.cin_closure_reason = closure_reason
    request.save()
    if request.outcome in OPEN_CASE_OUTCOMES:
        Person.objects.filter(children__request=request).update(open_case=True, allocated_worker=by.display_name)
    feedback_send(request, kind=kind, outcome=request.outcome, reasons=reasons)


def feedback_send(request: RequestForSupport, *, kind: str | None, outcome: str, reasons: str) -> None:
    """Tell the referrer what was decided and why: always for contact outcomes,
    only with parental consent for assessment and later outcomes (rule 22)."""
    if not feedback_allowed(request, kind):
        return
    text = feedback_text(outcome, reasons)
    RequestForSupport.objects.filter(pk=request.pk).update(feedback_text=text, feedback_sent_at=timezone.now())
    notification_create(
        recipient=request.referrer,
        email=request.referrer_email,
        kind=Notification.Kind.OUTCOME,
        subject=f"Outcome of your request {request.reference}",
        body=f"There is an outcome for your request for support {request.reference}.\n\n"
        f"{feedback_text(outcome)}\n\nSign in to read why.",
        link=request.get_referrer_url(),
        dedupe_key=f"outcome:{request.reference}:{outcome}",
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
    return record
