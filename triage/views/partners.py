"""Partner agencies' pages: the checks addressed to them, answering one, and
disagreeing with a decision; and a team manager resolving a disagreement."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from consent.services import sharing_allowed
from hub.audit import audit_listed, audit_record
from hub.models import AuditEvent

from ..forms import AnswerCheckForm, DisagreeForm, ResolveForm
from ..selectors import check_for_officer, checks_for_officer, disagreement_for_manager, request_to_disagree_with
from ..services import TransitionRefused, check_answer, disagreement_raise, disagreement_resolve

partner_only = permission_required("hub.answer_partner_check", raise_exception=True)


@partner_only
def checks_list(request: HttpRequest) -> HttpResponse:
    checks = list(checks_for_officer(request.user))
    audit_listed(actor=request.user, objects=checks, listed_in="partner checks")
    context = {"checks": checks, "page_title": "Partner checks"}
    return render(request, "triage/checks.html", context)


@partner_only
def check_answer_page(request: HttpRequest, check_id: int) -> HttpResponse:
    check = check_for_officer(user=request.user, check_id=check_id)
    audit_record(actor=request.user, action=AuditEvent.Action.VIEW, obj=check, reference=check.request.reference)
    form = AnswerCheckForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            check_answer(check=check, by=request.user, **form.arguments())
        except TransitionRefused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, "Your answer has been sent to the MASH and recorded.")
            return redirect("triage:checks")
    context = {
        "check": check,
        "form": form,
        "children": check.request.children.all(),
        "sharing_allowed": sharing_allowed(check.request.consent),
        "page_title": "Answer a partner check",
    }
    return render(request, "triage/check_answer.html", context)


def disagree(request: HttpRequest, reference: str) -> HttpResponse:
    support_request = request_to_disagree_with(user=request.user, reference=reference)
    audit_record(actor=request.user, action=AuditEvent.Action.VIEW, obj=support_request, detail={"disagree": True})
    form = DisagreeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            disagreement_raise(request=support_request, by=request.user, **form.arguments())
        except TransitionRefused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, "Your disagreement has been escalated to the team manager. The case continues.")
            if request.user.pk == support_request.referrer_id:
                return redirect(support_request.get_referrer_url())
            return redirect("triage:checks")
    context = {"support_request": support_request, "form": form, "page_title": "Disagree with a decision"}
    return render(request, "triage/disagree.html", context)


@permission_required("hub.manage_escalations", raise_exception=True)
def disagreement_resolve_page(request: HttpRequest, disagreement_id: int) -> HttpResponse:
    disagreement = disagreement_for_manager(user=request.user, disagreement_id=disagreement_id)
    audit_record(
        actor=request.user, action=AuditEvent.Action.VIEW, obj=disagreement, reference=disagreement.request.reference
    )
    form = ResolveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        disagreement_resolve(disagreement=disagreement, by=request.user, **form.arguments())
        messages.success(request, "Outcome recorded and sent to the person who disagreed.")
        return redirect(disagreement.request)
    context = {"disagreement": disagreement, "form": form, "page_title": "Resolve a disagreement"}
    return render(request, "triage/resolve.html", context)
