"""The request page, each action's own page, and the one view that performs any
action (triage/actions.py). On a refusal the form comes back with the reason and
the worker's typed answers kept."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from children.matching import match_link, match_reject, person_create
from children.models import Person
from hub.audit import audit_record
from hub.models import AuditEvent
from requests_app.models import Child, RequestForSupport
from workflow.fsm import ConcurrentTransition

from ..actions import ACTIONS
from ..request_page import action_offered_to, action_page_context, request_page_context
from ..selectors import staff_request
from ..services import ClaimConflict, TransitionRefused
from .access import worker_only

MOVED_UNDER_YOU = (
    "Someone else moved this request while you were working on it. It is shown as it is now; "
    "your answers are kept below."
)
MOVED_FIRST = "Someone else moved this request first. It is shown as it is now."
NOT_OPEN = "That action is not open on this request now."


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


def _action_page(request: HttpRequest, support_request: RequestForSupport, name: str, form=None, status: int = 200):
    """An action's own page; it shows the child's record, so it is audited like the request page."""
    context = action_page_context(support_request=support_request, user=request.user, name=name, form=form)
    audit_record(actor=request.user, action=AuditEvent.Action.VIEW, obj=support_request)
    return render(request, "triage/action.html", context, status=status)


def _answers_kept(request: HttpRequest, support_request: RequestForSupport, name: str, form, status: int):
    """A form back with its errors and the answers typed: on the action's own page, or, for an
    action posted from the request page itself (a missed clock, the consent review), on that page."""
    if ACTIONS[name].listed:
        return _action_page(request, support_request, name, form, status)
    return _page(request, support_request, forms={name: form}, status=status)


@worker_only
@require_http_methods(["GET", "POST"])
def request_action(request: HttpRequest, reference: str, action: str) -> HttpResponse:
    if action not in ACTIONS:
        raise Http404("No such action")
    row = ACTIONS[action]
    support_request = staff_request(user=request.user, reference=reference)
    if request.method == "GET":
        if row.form is None or not action_offered_to(support_request=support_request, user=request.user, name=action):
            messages.info(request, NOT_OPEN)
            return redirect(support_request)
        return _action_page(request, support_request, action)
    form = row.build_form(action, request.POST, support_request)
    if form is not None and not form.is_valid():
        return _answers_kept(request, support_request, action, form, status=400)
    try:
        row.service(request=support_request, by=request.user, **(form.arguments() if form is not None else {}))
    except (TransitionRefused, ClaimConflict, ConcurrentTransition) as refused:
        # A lost race shows the request as it is now, with what was typed kept.
        moved = isinstance(refused, ConcurrentTransition)
        if form is None:
            messages.error(request, MOVED_FIRST if moved else str(refused))
            return redirect(support_request)
        form.add_error(None, MOVED_UNDER_YOU if moved else str(refused))
        now = staff_request(user=request.user, reference=reference) if moved else support_request
        return _answers_kept(request, now, action, form, status=409)
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
