"""MASH partner checks and the sharing log (DOMAIN.md §8, rule 23)."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from consent.services import sharing_allowed
from deadlines.calendar import calendar_for
from deadlines.models import Deadline
from deadlines.services import deadline_meet, deadline_open
from hub.audit import audit_record
from hub.models import Agency, AuditEvent, User
from notifications.models import Notification
from notifications.services import notification_create
from requests_app.models import RequestForSupport

from .models import PartnerCheck, SharingDecision
from .services import TransitionRefused
from .workflow import can_work


def check_due(*, rag: str, area, asked_at: dt.datetime) -> dt.datetime:
    """Response times by RAG rating (settings.PARTNER_CHECK_RAG): red in clock hours, others in working days."""
    unit, amount = settings.PARTNER_CHECK_RAG[rag]
    calendar = calendar_for(area)
    if unit == "hours":
        return calendar.add_clock_hours(asked_at, amount)
    return calendar.add_working_days(asked_at, amount)


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
    check = PartnerCheck.objects.create(
        request=request,
        agency=agency,
        question=question,
        rag=rag,
        asked_by=by,
        due_at=check_due(rag=rag, area=request.area, asked_at=now),
    )
    deadline_open(
        kind=Deadline.Kind.PARTNER_CHECK,
        request=request,
        partner_check=check,
        started_at=now,
        start_event=f"Check asked of {agency.name}",
        due_at=check.due_at,
        unit=check.get_rag_display().split(":")[0],
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
            lawful_basis="public_task",
            rationale="Shared without consent on high-risk indicators (rule 31)",
            by=by,
        )
    for officer in User.objects.filter(agency=agency, groups__permissions__codename="answer_partner_check").distinct():
        notification_create(
            recipient=officer,
            kind=Notification.Kind.WORK,
            subject=f"A MASH check for {agency.name} ({check.get_rag_display()})",
            body=f"Please answer by {timezone.localtime(check.due_at):%A %d %B %Y, %H:%M}.",
            link=f"/triage/checks/{check.pk}/",
        )
    return check


def checks_for_officer(user: User):
    """A partner officer sees only the checks addressed to their own agency."""
    return (
        PartnerCheck.objects.filter(agency_id=user.agency_id)
        .select_related("request", "agency")
        .order_by("status", "due_at")
    )


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
) -> SharingDecision:
    """Answer a check. Sharing and declining are both recorded, with reasons (rule 23)."""
    if not (by.has_perm("hub.answer_partner_check") and by.agency_id == check.agency_id):
        raise PermissionDenied("This check is addressed to another agency.")
    if check.status != PartnerCheck.Status.WAITING:
        raise TransitionRefused("This check has already been answered.")
    if not reasons.strip():
        raise TransitionRefused("Give your reasons, whether you share or not.")
    if share and not response.strip():
        raise TransitionRefused("Enter the information you are sharing.")
    if not lawful_basis:
        raise TransitionRefused("Select the lawful basis for your decision.")
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
            deadline=deadline, breach_reason="Answered after the RAG time" if timezone.now() > deadline.due_at else ""
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
        link=f"/triage/requests/{check.request.reference}/",
    )
    return decision
