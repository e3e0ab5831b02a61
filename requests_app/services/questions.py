"""The hub's questions to a referrer, and the referrer's answers, kept with the request."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from hub.access import covers_area
from hub.audit import audit_record
from hub.models import AuditEvent, User
from notifications.models import Notification
from notifications.services import notification_create
from workflow.fsm import TransitionRefused

from ..models import Question, RequestForSupport


@transaction.atomic
def question_ask(*, request: RequestForSupport, by: User, text: str) -> Question:
    """Ask the referrer for more information. The clock runs on: nothing waits for the answer."""
    if not (by.has_perm("hub.work_queue") and covers_area(by, request.area_id)):
        raise PermissionDenied("You can only ask about requests in your own area.")
    if not text.strip():
        raise TransitionRefused("Enter your question for the referrer.")
    question = Question.objects.create(request=request, asked_by=by, text=text)
    audit_record(actor=by, action=AuditEvent.Action.CREATE, obj=question, reference=request.reference)
    notification_create(
        recipient=request.referrer,
        email=request.referrer_email,
        kind=Notification.Kind.WORK,
        subject=f"The hub has a question about your request {request.reference}",
        body="Open the request to read the question and answer it.",
        link=request.get_referrer_url(),
        dedupe_key=f"question:{question.pk}",
    )
    return question


@transaction.atomic
def question_answer(*, question: Question, by: User, answer: str) -> Question:
    """The referrer answers; the worker who asked is told."""
    request = question.request
    if by.pk != request.referrer_id:
        raise PermissionDenied("Only the referrer answers the hub's questions.")
    answer = answer.replace("\x00", "")  # PostgreSQL cannot store it; the form drops it too
    if not answer.strip():
        raise TransitionRefused("Enter your answer.")
    answered = Question.objects.filter(pk=question.pk, answered_at__isnull=True).update(
        answer=answer, answered_at=timezone.now()
    )
    if not answered:
        raise TransitionRefused("You have already answered this question.")
    audit_record(actor=by, action=AuditEvent.Action.UPDATE, obj=question, reference=request.reference)
    notification_create(
        recipient=question.asked_by,
        kind=Notification.Kind.WORK,
        subject=f"The referrer answered your question on {request.reference}",
        body="Their answer is on the request page.",
        link=request.get_absolute_url(),
        dedupe_key=f"answer:{question.pk}",
    )
    question.refresh_from_db()
    return question
