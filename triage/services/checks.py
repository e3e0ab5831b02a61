"""MASH partner checks and the sharing log (docs/domain.md §8, rule 23)."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from consent.choices import LawfulBasis
from consent.services import sharing_allowed
from deadlines.models import Deadline
from deadlines.rules import due_time, late_note
from deadlines.services import deadline_meet, deadline_open
from hub.audit import audit_record
from hub.models import Agency, AuditEvent, User
from hub.selectors import agency_people_with
from notifications.models import Notification
from notifications.services import notification_create
from requests_app.models import RequestForSupport
from workflow.fsm import TransitionRefused
from workflow.machine import can_work

from ..models import PartnerCheck, SharingDecision


@transaction.atomic
def check_request(
    *, request: RequestForSupport, agency: Agency, question: str, rag: str, by: User, high_risk_reason: str = ""
) -> PartnerCheck:
    if not (can_work(request, by) and by.has_perm("hub.request_partner_check")):
        raise PermissionDenied("You can only ask partners about requests in your own area.")
    if not question.strip():
        raise TransitionRefused("Say what you are asking the partner agency.")
    if agency.area_id not in (None, request.area_id):
        raise TransitionRefused(f"{agency.name} is not a partner agency in {request.area.name}.")
    if not sharing_allowed(request.consent) and not high_risk_reason.strip():
        raise TransitionRefused(
            "Consent to share has been withdrawn, or was never given. Asking a partner shares the child's details: "
            "record the high-risk reason that justifies sharing without consent (rule 31)."
        )
    now = timezone.now()
    due_at, _ = due_time(kind=Deadline.Kind.PARTNER_CHECK, area=request.area, started_at=now, rag=rag)
    check = PartnerCheck.objects.create(
        request=request, agency=agency, question=question, rag=rag, asked_by=by, due_at=due_at
    )
    deadline_open(
        kind=Deadline.Kind.PARTNER_CHECK,
        request=request,
        partner_check=check,
        area=request.area,
        rag=rag,
        started_at=now,
        start_event=f"Check asked of {agency.name}",
    )
    audit_record(actor=by, action=AuditEvent.Action.CREATE, obj=check, reference=request.reference)
    if high_risk_reason.strip():
        SharingDecision.objects.create(
            request=request,
            partner_check=check,
            decision=SharingDecision.Decision.SHARE,
            reasons=high_risk_reason,
            fields_shared=["child identity", "question"],
            recipient=agency.name,
            purpose="MASH partner check",
            lawful_basis=LawfulBasis.PUBLIC_TASK,
            rationale="Shared without consent on high-risk indicators (rule 31)",
            by=by,
        )
    for officer in agency_people_with(agency, "hub.answer_partner_check"):
        notification_create(
            recipient=officer,
            kind=Notification.Kind.WORK,
            subject=f"A MASH check for {agency.name} ({check.get_rag_display()})",
            body=f"Please answer by {timezone.localtime(check.due_at):%A %d %B %Y, %H:%M}.",
            link=check.get_absolute_url(),
        )
    return check


@transaction.atomic
def check_answer(
    *,
    check: PartnerCheck,
    by: User,
    share: bool,
    response: str,
    reasons: str,
    lawful_basis: str,
    fields_shared: list[str] | None = None,
    high_risk_reason: str = "",
) -> SharingDecision:
    """Answer a check. Sharing and declining are both recorded, with reasons (rule 23). Once
    consent is withdrawn, or where there is none, sharing needs a high-risk reason (rule 31)."""
    if not (by.has_perm("hub.answer_partner_check") and by.agency_id == check.agency_id):
        raise PermissionDenied("This check is addressed to another agency.")
    if check.status == PartnerCheck.Status.CLOSED:
        raise TransitionRefused("The hub no longer needs this answer: the decision went ahead without it.")
    if check.status != PartnerCheck.Status.WAITING:
        raise TransitionRefused("This check has already been answered.")
    if not reasons.strip():
        raise TransitionRefused("Give your reasons, whether you share or not.")
    if share and not response.strip():
        raise TransitionRefused("Enter the information you are sharing.")
    if not lawful_basis:
        raise TransitionRefused("Select the lawful basis for your decision.")
    if share and not sharing_allowed(check.request.consent) and not high_risk_reason.strip():
        raise TransitionRefused(
            "The family has not consented, or has withdrawn consent: record the high-risk reason that "
            "justifies sharing anyway (rule 31)."
        )
    updated = PartnerCheck.objects.filter(pk=check.pk, status=PartnerCheck.Status.WAITING).update(
        status=PartnerCheck.Status.SHARED if share else PartnerCheck.Status.NOT_SHARED,
        answered_by=by,
        answered_at=timezone.now(),
        response=response if share else "",
    )
    if not updated:
        raise TransitionRefused("This check has already been answered.")
    for deadline in Deadline.objects.filter(partner_check=check, state=Deadline.State.OPEN):
        deadline_meet(
            deadline=deadline, breach_reason=late_note(deadline.kind) if timezone.now() > deadline.due_at else ""
        )
    decision = SharingDecision.objects.create(
        request=check.request,
        partner_check=check,
        decision=SharingDecision.Decision.SHARE if share else SharingDecision.Decision.NOT_SHARE,
        reasons=reasons,
        fields_shared=fields_shared or [],
        recipient=f"{check.request.area.name} MASH",
        purpose="MASH information gathering",
        lawful_basis=lawful_basis,
        rationale=high_risk_reason,
        by=by,
    )
    audit_record(
        actor=by,
        action=AuditEvent.Action.UPDATE,
        obj=check,
        reference=check.request.reference,
        detail={"shared": share},
    )
    notification_create(
        recipient=check.asked_by,
        kind=Notification.Kind.WORK,
        subject=f"{check.agency.name} answered your check on {check.request.reference}",
        body="Shared information." if share else "Declined to share, with reasons.",
        link=check.request.get_absolute_url(),
    )
    return decision


def checks_close(*, checks: list[PartnerCheck], reason: str, at) -> None:
    """Close checks the hub no longer waits for, with the reason, and stop their clocks."""
    ids = [check.pk for check in checks]
    PartnerCheck.objects.filter(pk__in=ids, status=PartnerCheck.Status.WAITING).update(
        status=PartnerCheck.Status.CLOSED, closed_reason=reason, answered_at=at
    )
    Deadline.objects.filter(partner_check_id__in=ids, state=Deadline.State.OPEN).update(
        state=Deadline.State.CANCELLED, next_action_at=None
    )
