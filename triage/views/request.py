"""The request page and the one view that performs any of its actions
(triage/actions.py). On a refusal the page comes back with the reason and the
worker's typed answers kept."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from children.matching import match_link, match_reject, person_create
from children.models import Person
from hub.audit import audit_record
from hub.models import AuditEvent
from requests_app.models import Child, RequestForSupport
from workflow.fsm import ConcurrentTransition

from ..actions import ACTIONS
from ..request_page import request_page_context
from ..selectors import staff_request
from ..services import ClaimConflict, TransitionRefused
from .access import worker_only

MOVED_UNDER_YOU = (
    "Someone else moved this request while you were working on it. It is shown as it is now; "
    "your answers are kept below."
)


def _page(request: HttpRequest, support_request: RequestForSupport, *, forms=None, status: int = 200):
    """Render the request page; every showing of a child's record is audited."""
    context = request_page_context(support_request=support_request, user=request.user, forms_given=forms or {})
    # The possible matches shown are other children's records read too: the audit names them.
    shown = sorted({match.person.pk for child in context["children"] for match in child.matches})
    audit_record(
        actor=request.user,
        action=AuditEvent.Action.VIEW,
        obj=support_request,
        detail={"possible_matches_shown": shown} if shown else None,
    )
    return render(request, "triage/request.html", context, status=status)


@worker_only
def request_page(request: HttpRequest, reference: str) -> HttpResponse:
    support_request = staff_request(user=request.user, reference=reference)
    return _page(request, support_request)


@worker_only
@require_POST
def request_action(request: HttpRequest, reference: str, action: str) -> HttpResponse:
    if action not in ACTIONS:
        raise Http404("No such action")
    row = ACTIONS[action]
    support_request = staff_request(user=request.user, reference=reference)
    form = row.build_form(action, request.POST, support_request)
    if form is not None and not form.is_valid():
        return _page(request, support_request, forms={action: form}, status=400)
    try:
        row.service(request=support_request, by=request.user, **(form.arguments() if form is not None else {}))
    except (TransitionRefused, ClaimConflict) as refused:
        if form is None:
            messages.error(request, str(refused))
            return redirect(support_request)
        form.add_error(None, str(refused))
        return _page(request, support_request, forms={action: form}, status=409)
    except ConcurrentTransition:
        # Someone else moved it first: show the page as it is now, with what they typed kept.
        if form is None:
            messages.error(request, "Someone else moved this request first. It is shown as it is now.")
            return redirect(support_request)
        form.add_error(None, MOVED_UNDER_YOU)
        return _page(request, staff_request(user=request.user, reference=reference), forms={action: form}, status=409)
    messages.success(request, row.done)
    return redirect(support_request)


@worker_only
@require_POST
def match_action(
    request: HttpRequest, reference: str, child_id: int, action: str, person_id: int | None = None
) -> HttpResponse:
    """The worker's answer to a suggested match: link, reject, or record the child as new."""
    support_request = staff_request(user=request.user, reference=reference)
    child = get_object_or_404(Child, pk=child_id, request=support_request)
    if action == "new":
        person_create(child=child, by=request.user)
        messages.success(request, f"{child.first_name} recorded as a child new to the service.")
        return redirect(support_request)
    person = get_object_or_404(Person, pk=person_id, area=support_request.area)
    if action == "link":
        match_link(child=child, person=person, by=request.user)
        messages.success(request, f"{child.first_name} linked to the existing record.")
    else:
        match_reject(child=child, person=person, by=request.user)
        messages.success(request, "Match rejected.")
    return redirect(support_request)
