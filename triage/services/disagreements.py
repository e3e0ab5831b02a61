from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from hub.access import covers_area
from hub.audit import audit_record
from hub.models import AuditEvent, User
from hub.selectors import area_people_with
from notifications.models import Notification
from notifications.services import notification_create
from requests_app.models import RequestForSupport
from workflow.fsm import TransitionRefused

from ..models import Disagreement


@transaction.atomic
def disagreement_raise(*, request: RequestForSupport, by: User, evidence: str) -> Disagreement:
    """Register a disagreement and escalate it to the area's team managers. The case goes on (rule 33)."""
    partner = by.has_perm("hub.answer_partner_check") and request.checks.filter(agency_id=by.agency_id).exists()
    if by.pk != request.referrer_id and not partner:
        raise PermissionDenied("Only the referrer or a consulted partner can register a disagreement.")
    if not evidence.strip():
        raise TransitionRefused("Describe what you disagree with, and your evidence.")
    disagreement = Disagreement.objects.create(request=request, raised_by=by, evidence=evidence)
    audit_record(actor=by, action=AuditEvent.Action.CREATE, obj=disagreement, reference=request.reference)
    for manager in area_people_with(request.area, "hub.manage_escalations"):
        notification_create(
            recipient=manager,
            kind=Notification.Kind.ESCALATION,
            subject=f"Disagreement with a decision on {request.reference}",
            body=f"{by.display_name} disagrees with a decision. The case continues meanwhile.",
            link=request.get_absolute_url(),
        )
    return disagreement


@transaction.atomic
def disagreement_resolve(
    *, disagreement: Disagreement, by: User, outcome: str, actions_changed: bool | None
) -> Disagreement:
    request = disagreement.request
    if not (by.has_perm("hub.manage_escalations") and covers_area(by, request.area_id)):
        raise PermissionDenied("Only a team manager in this area resolves disagreements.")
    if not outcome.strip() or actions_changed is None:
        raise TransitionRefused("Record the outcome and whether the actions changed.")
    Disagreement.objects.filter(pk=disagreement.pk).update(
        status=Disagreement.Status.RESOLVED,
        outcome=outcome,
        actions_changed=actions_changed,
        resolved_by=by,
        resolved_at=timezone.now(),
    )
    disagreement.refresh_from_db()
    notification_create(
        recipient=disagreement.raised_by,
        kind=Notification.Kind.OUTCOME,
        subject=f"Your disagreement about {request.reference} has been considered",
        body="Open the request to read the outcome.",
        link=request.get_referrer_url(),
    )
    return disagreement
