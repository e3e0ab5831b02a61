"""Moving a request: the one path every transition takes, and claiming and assigning.

Every move runs in the caller's transaction: the transition, the request's new
fields, the history row, the audit row, deadlines and notifications are written
together or not at all. A concurrent move by someone else raises
ConcurrentTransition and rolls the whole thing back.
"""

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from hub.access import covers_area
from hub.audit import audit_record
from hub.models import AuditEvent, User
from notifications.models import Notification
from notifications.services import notification_create
from requests_app.models import RequestForSupport
from workflow.fsm import ConcurrentTransition, TransitionRefused, move_run, refusal_for
from workflow.machine import can_work

from ..models import TransitionRecord


class ClaimConflict(Exception):
    """Someone else claimed the request first."""


def move(
    request: RequestForSupport, name: str, *, by: User | None, reason: str = "", data: dict | None = None, **kwargs
) -> TransitionRecord:
    """Make move `name` as `by`, save it and write its history and audit rows. `by=None` is the
    service itself, for the one move it makes unasked; the move's conditions still apply."""
    if by is not None:
        refusal = refusal_for(request, name, by)
        if refusal:
            raise PermissionDenied(refusal.message) if refusal.denied else TransitionRefused(refusal.message)
    from_state = request.status
    move_run(request, name, **kwargs)
    request.save()
    record = TransitionRecord.objects.create(
        request=request,
        name=name,
        from_state=from_state,
        to_state=request.status,
        by=by,
        reason=reason,
        data=data or {},
    )
    audit_record(
        actor=by,
        action=AuditEvent.Action.TRANSITION,
        obj=request,
        detail={"from": from_state, "to": request.status, "move": name},
    )
    return record


def reloaded(request: RequestForSupport) -> RequestForSupport:
    """A fresh copy. (django-fsm's refresh_from_db flips a flag shared by every
    thread to write the protected state field, so it is not safe under threads.)"""
    return RequestForSupport.objects.select_related("assigned_to", "area").get(pk=request.pk)


def locked(request: RequestForSupport) -> RequestForSupport:
    """Reload the request inside the transaction, so conditions see the latest consent and state."""
    fresh = RequestForSupport.objects.select_related("consent", "area", "phone_referral", "pending_decision").get(
        pk=request.pk
    )
    if fresh.status != request.status:
        raise ConcurrentTransition("Someone else moved this request since you opened it.")
    return fresh


def request_claim(*, request: RequestForSupport, by: User) -> RequestForSupport:
    """Take an unassigned request. Compare-and-set: of two workers claiming at once, one wins."""
    if not can_work(request, by):
        raise PermissionDenied("You can only claim requests in your own area.")
    claimed = RequestForSupport.objects.filter(pk=request.pk, assigned_to__isnull=True).update(
        assigned_to=by, assigned_at=timezone.now()
    )
    request = reloaded(request)
    if not claimed and request.assigned_to_id != by.pk:
        raise ClaimConflict(f"{request.assigned_to.display_name} claimed this request first.")
    if claimed:
        audit_record(actor=by, action=AuditEvent.Action.UPDATE, obj=request, detail={"claimed": True})
    return request


def request_assign(*, request: RequestForSupport, to: User, by: User) -> RequestForSupport:
    if not (by.has_perm("hub.assign_work") and covers_area(by, request.area_id)):
        raise PermissionDenied("Only a manager in this area can assign or reassign work.")
    if not can_work(request, to):
        raise TransitionRefused(f"{to.display_name} cannot work requests in {request.area.name}.")
    RequestForSupport.objects.filter(pk=request.pk).update(assigned_to=to, assigned_at=timezone.now())
    request = reloaded(request)
    audit_record(actor=by, action=AuditEvent.Action.UPDATE, obj=request, detail={"assigned_to": to.pk})
    notification_create(
        recipient=to,
        kind=Notification.Kind.WORK,
        subject=f"{request.reference} is assigned to you",
        body=f"{by.display_name} assigned request {request.reference} to you.",
        link=request.get_absolute_url(),
    )
    return request


def level_check(request: RequestForSupport, *levels: int | None) -> None:
    """Refuse a level the request's framework does not have (Blackpool's has no level 3)."""
    known = set(request.framework_version.levels.values_list("number", flat=True))
    for level in levels:
        if level is not None and level not in known:
            raise TransitionRefused(f"{request.area.name}'s levels of need have no level {level}.")


def requests_claim_or_assign(*, requests: list[RequestForSupport], by: User, to: User | None = None) -> list[str]:
    """Claim (or, with `to`, assign) several requests from the queue, one at a time so
    each is its own guarded change. Returns why any could not be taken, one line each."""
    problems = []
    for request in requests:
        try:
            if to is None:
                request_claim(request=request, by=by)
            else:
                request_assign(request=request, to=to, by=by)
        except (ClaimConflict, TransitionRefused, PermissionDenied) as refused:
            problems.append(f"{request.reference}: {refused}")
    return problems
