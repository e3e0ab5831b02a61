"""Check your answers, sending, and what the referrer sees once it is sent."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from deadlines.models import Deadline
from hub.access import get_or_refuse
from hub.area_policy import ConsentPolicy
from hub.audit import audit_listed, audit_record
from hub.models import AuditEvent
from workflow.fsm import TransitionRefused

from .. import sections
from ..models import Question, RequestDraft
from ..selectors import draft_coaching, draft_for, my_requests, own_request, sent_copy
from ..services import SubmissionInvalid, draft_wording_accept, question_answer, request_submit
from ..summary import answers_summary
from .access import referrer_only


@referrer_only
def check(request: HttpRequest, draft_id) -> HttpResponse:
    draft = draft_for(user=request.user, draft_id=draft_id)
    ctx = sections.context_for(draft.data, request.user)
    validation = sections.sections_validate(draft.data, request.user)
    context = {
        "draft": draft,
        "validation": validation,
        "incomplete": [sections.BY_KEY[key] for key, status in validation.status.items() if status != "completed"],
        "area": ctx.area,
        "data": draft.data,
        "summary": answers_summary(data=draft.data, ctx=ctx),
        "coaching": draft_coaching(draft=draft),
        "attachments": draft.attachments.all(),
        "policy_triage": ctx.area and ctx.area.consent_policy == ConsentPolicy.ACCEPT_AS_TRIAGE_STEP,
        "page_title": "Check your answers before sending your request",
    }
    return render(request, "requests_app/check.html", context)


@referrer_only
@require_POST
def coaching_accept(request: HttpRequest, draft_id) -> HttpResponse:
    """The referrer takes the plainer wording the coaching offered; back to check answers."""
    draft = draft_for(user=request.user, draft_id=draft_id)
    field, phrase = request.POST.get("field", ""), request.POST.get("phrase", "")
    accepted = draft_wording_accept(draft=draft, field=field, phrase=phrase, by=request.user)
    if accepted:
        messages.success(
            request, f"Your answer now says \u201c{accepted['alternative']}\u201d instead of \u201c{phrase}\u201d."
        )
    return redirect(reverse("requests:check", args=[draft.pk]) + "#coaching")


@referrer_only
@require_POST
def submit(request: HttpRequest, draft_id) -> HttpResponse:
    # Not draft_for: a double click or a re-posted page finds the draft already sent,
    # and the service answers with the request the first click made.
    draft = get_or_refuse(RequestDraft.objects.all(), lambda draft: draft.owner_id == request.user.pk, pk=draft_id)
    try:
        sent = request_submit(draft=draft, by=request.user)
    except SubmissionInvalid:
        messages.error(request, "Some answers are missing or need changing. Complete every section, then send.")
        return redirect("requests:check", draft.pk)
    return redirect("requests:confirmation", sent.reference)


@referrer_only
def confirmation(request: HttpRequest, reference: str) -> HttpResponse:
    sent = own_request(user=request.user, reference=reference)
    audit_record(actor=request.user, action=AuditEvent.Action.VIEW, obj=sent, detail={"confirmation": True})
    decision = sent.deadlines.filter(kind=Deadline.Kind.CONTACT_DECISION).first()
    context = {"support_request": sent, "decision": decision, "page_title": "Request sent"}
    return render(request, "requests_app/confirmation.html", context)


@referrer_only
def mine(request: HttpRequest) -> HttpResponse:
    drafts, sent = (list(rows) for rows in my_requests(user=request.user))
    audit_listed(actor=request.user, objects=[*drafts, *sent], listed_in="my requests")
    return render(request, "requests_app/mine.html", {"drafts": drafts, "sent": sent, "page_title": "My requests"})


@referrer_only
@require_POST
def question_reply(request: HttpRequest, reference: str, question_id: int) -> HttpResponse:
    sent = own_request(user=request.user, reference=reference)
    question = get_object_or_404(Question, pk=question_id, request=sent)
    try:
        question_answer(question=question, by=request.user, answer=request.POST.get("answer", ""))
    except TransitionRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, "Your answer has been sent to the hub.")
    return redirect("requests:detail", sent.reference)


@referrer_only
def detail(request: HttpRequest, reference: str) -> HttpResponse:
    sent = own_request(user=request.user, reference=reference)
    audit_record(actor=request.user, action=AuditEvent.Action.VIEW, obj=sent)
    context = {**sent_copy(support_request=sent), "page_title": f"Request {sent.reference}"}
    return render(request, "requests_app/detail.html", context)
