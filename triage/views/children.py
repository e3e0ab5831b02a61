"""A child's page in a request: who they are for the returns, their episode of need,
what the return still needs, and the forms that fix it."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from children.census_checks import CLOSED_AFTER_ASSESSMENT, child_findings
from children.episodes import episode_close, episode_cp_review_record, previous_cp_plans, rereferral
from children.records import person_record_update
from hub.audit import audit_record
from hub.models import AuditEvent

from ..child_forms import CensusCorrectionForm, ChildRecordForm, CpReviewForm, EpisodeCloseForm
from ..selectors import staff_child
from ..services import child_census_correct
from .access import worker_only


def _census_form(episode) -> CensusCorrectionForm | None:
    """The census details as they stand, to correct; None where the episode has none yet."""
    if episode is None:
        return None
    fields = ("primary_need", "assessment_factors", "initial_category", "latest_category")
    initial = {name: getattr(episode, name) for name in fields}
    form = CensusCorrectionForm(prefix="census", episode=episode, initial=initial)
    return form if form.corrects_anything else None


def _page(
    request: HttpRequest, child, *, record=None, close=None, review=None, census=None, status: int = 200
) -> HttpResponse:
    person, episode = child.person, getattr(child, "episode", None)
    if record is None and person is not None:
        initial = {"upn": person.upn, "upn_unknown_reason": person.upn_unknown_reason}
        record = ChildRecordForm(prefix="record", initial={**initial, "disabilities": person.disabilities})
    forms = {
        "record": record,
        "close": close
        or EpisodeCloseForm(
            prefix="close", initial={"closed_on": getattr(episode, "closed_on", None) or timezone.localdate()}
        ),
        "review": review or CpReviewForm(prefix="review"),
        "census": census or _census_form(episode),
    }
    audit_record(actor=request.user, action=AuditEvent.Action.VIEW, obj=child.request, detail={"child": child.pk})
    findings = child_findings(child)
    context = {
        "support_request": child.request,
        "child": child,
        "person": person,
        "episode": episode,
        "rereferral": rereferral(episode) if episode else False,
        "previous_cp_plans": previous_cp_plans(episode) if episode else None,
        "findings": findings,
        # A reason the census refuses may be corrected, though the episode is closed.
        "reason_to_correct": any(finding.rule == CLOSED_AFTER_ASSESSMENT for finding in findings),
        "forms": forms,
        "error_form": next((form for form in forms.values() if form is not None and form.errors), None),
        "page_title": f"{child.full_name}, {child.request.reference}",
    }
    return render(request, "triage/child.html", context, status=status)


def _episode(child):
    """The child's episode, which every form about it needs; a child with none has nothing to change."""
    episode = getattr(child, "episode", None)
    if episode is None:
        raise Http404("This child has no episode yet")
    return episode


@worker_only
def child_page(request: HttpRequest, reference: str, child_id: int) -> HttpResponse:
    return _page(request, staff_child(user=request.user, reference=reference, child_id=child_id))


@worker_only
@require_POST
def child_record(request: HttpRequest, reference: str, child_id: int) -> HttpResponse:
    child = staff_child(user=request.user, reference=reference, child_id=child_id)
    if child.person is None:
        raise Http404("Link the child to a record first")
    form = ChildRecordForm(request.POST, prefix="record")
    if not form.is_valid():
        return _page(request, child, record=form, status=400)
    try:
        person_record_update(person=child.person, by=request.user, reference=reference, **form.cleaned_data)
    except ValidationError as problem:
        form.add_error(None, problem)
        return _page(request, child, record=form, status=400)
    messages.success(request, f"{child.first_name}'s record is saved.")
    return redirect("triage:child", reference, child.pk)


@worker_only
@require_POST
def child_episode_close(request: HttpRequest, reference: str, child_id: int) -> HttpResponse:
    child = staff_child(user=request.user, reference=reference, child_id=child_id)
    form = EpisodeCloseForm(request.POST, prefix="close")
    episode = _episode(child)
    if not form.is_valid():
        return _page(request, child, close=form, status=400)
    try:
        episode_close(
            episode=episode, reason=form.cleaned_data["reason"], on=form.cleaned_data["closed_on"], by=request.user
        )
    except ValueError as problem:
        form.add_error(None, str(problem))
        return _page(request, child, close=form, status=409)
    messages.success(request, f"{child.first_name}'s episode is closed.")
    return redirect("triage:child", reference, child.pk)


@worker_only
@require_POST
def child_cp_review(request: HttpRequest, reference: str, child_id: int) -> HttpResponse:
    child = staff_child(user=request.user, reference=reference, child_id=child_id)
    episode = _episode(child)
    form = CpReviewForm(request.POST, prefix="review")
    if not form.is_valid():
        return _page(request, child, review=form, status=400)
    try:
        episode_cp_review_record(
            episode=episode,
            on=form.cleaned_data["reviewed_on"],
            category=form.cleaned_data["category"],
            by=request.user,
        )
    except ValueError as problem:
        form.add_error(None, str(problem))
        return _page(request, child, review=form, status=409)
    messages.success(request, "Review recorded.")
    return redirect("triage:child", reference, child.pk)


@worker_only
@require_POST
def child_census(request: HttpRequest, reference: str, child_id: int) -> HttpResponse:
    child = staff_child(user=request.user, reference=reference, child_id=child_id)
    episode = _episode(child)
    form = CensusCorrectionForm(request.POST, prefix="census", episode=episode)
    if not form.is_valid():
        return _page(request, child, census=form, status=400)
    try:
        child_census_correct(child=child, by=request.user, **form.arguments())
    except ValueError as problem:
        form.add_error(None, str(problem))
        return _page(request, child, census=form, status=409)
    messages.success(request, f"{child.first_name}'s census details are corrected.")
    return redirect("triage:child", reference, child.pk)
