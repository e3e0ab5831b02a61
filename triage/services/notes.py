"""What a worker records on a request besides moving it: notes, telling the
LADO, a manager's review of sharing without consent, a withdrawal of consent,
why a deadline was missed, and corrections of a child's census details. Each checks
that the person works in the request's area."""

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404
from django.utils import timezone

from children.census_corrections import episode_census_correct
from children.models import Episode
from consent.models import ConsentRecord, ConsentWithdrawal
from consent.services import consent_withdraw
from deadlines.models import Deadline
from deadlines.services import deadline_explain, deadlines_meet
from hub.access import covers_area
from hub.audit import audit_record
from hub.models import AuditEvent, User
from hub.selectors import agency_people_with
from notifications.models import Notification
from notifications.services import notification_create
from requests_app.models import RequestForSupport
from returns.census import ReferralSource
from workflow.fsm import TransitionRefused
from workflow.machine import APPROVE_PERMISSION, can_work

from ..models import CaseNote, PartnerCheck

OWN_AREA_ONLY = "You can only record this for requests in your own area."


def _require_worker(request: RequestForSupport, by: User, message: str = OWN_AREA_ONLY) -> None:
    if not can_work(request, by):
        raise PermissionDenied(message)


@transaction.atomic
def lado_told(*, request: RequestForSupport, by: User, note: str) -> None:
    """The LADO has been told of the allegation (rule 20): the clock is met."""
    _require_worker(request, by)
    if not request.deadlines.filter(kind=Deadline.Kind.LADO_NOTIFICATION, state=Deadline.State.OPEN).exists():
        raise TransitionRefused("There is no open LADO notification for this request.")
    deadlines_meet(request=request, kind=Deadline.Kind.LADO_NOTIFICATION)
    CaseNote.objects.create(request=request, by=by, text=f"LADO told. {note}".strip())


def note_add(*, request: RequestForSupport, by: User, text: str, kind: str = CaseNote.Kind.FACT) -> CaseNote:
    _require_worker(request, by, "You can only add notes to requests in your own area.")
    if not text.strip():
        raise TransitionRefused("Enter the note.")
    note = CaseNote.objects.create(request=request, by=by, text=text, kind=kind)
    audit_record(actor=by, action=AuditEvent.Action.UPDATE, obj=request, detail={"note": note.pk})
    return note


@transaction.atomic
def consent_override_review(*, request: RequestForSupport, by: User, agrees: bool, reason: str = "") -> CaseNote:
    """A hub manager decides on a referrer's sharing without parental consent (000, 001): agree,
    or disagree with the reason. The decision stops the review's own clock."""
    if not (by.has_perm(APPROVE_PERMISSION) and covers_area(by, request.area_id)):
        raise PermissionDenied("Only a manager reviews a decision to share without consent.")
    if not request.consent.needs_manager_oversight:
        raise TransitionRefused("The decision to share without consent has already been reviewed.")
    if not agrees and not reason.strip():
        raise TransitionRefused("Give the reason you disagree with sharing without consent.")
    ConsentRecord.objects.filter(pk=request.consent.pk).update(
        needs_manager_oversight=False,
        oversight_by=by,
        oversight_at=timezone.now(),
        oversight_agreed=agrees,
        oversight_reason=reason,
    )
    deadlines_meet(request=request, kind=Deadline.Kind.OVERRIDE_OVERSIGHT)
    audit_record(
        actor=by,
        action=AuditEvent.Action.UPDATE,
        obj=request.consent,
        reference=request.reference,
        detail={"override": "agreed" if agrees else "disagreed"},
    )
    verdict = "agreed with" if agrees else f"disagreed with ({reason})"
    return note_add(request=request, by=by, text=f"Manager {verdict} the decision to share without consent.")


def request_consent_withdraw(
    *, request: RequestForSupport, by: User, withdrawn_by: str, withdrawn_on: dt.date, reason: str = ""
) -> ConsentWithdrawal:
    """Record, for a request in the worker's area, that the family withdrew consent (rule 36)."""
    _require_worker(request, by)
    withdrawal = consent_withdraw(
        consent=request.consent, withdrawn_by=withdrawn_by, withdrawn_on=withdrawn_on, reason=reason, by=by
    )
    # Every partner still asked must know before they answer: sharing now needs a high-risk reason (rule 31).
    waiting = request.checks.filter(status=PartnerCheck.Status.WAITING).select_related("agency")
    for check in waiting:
        for officer in agency_people_with(check.agency, "hub.answer_partner_check"):
            notification_create(
                recipient=officer,
                kind=Notification.Kind.WORK,
                subject=f"Consent withdrawn: the MASH check on {request.reference}",
                body="The family has withdrawn consent. Share only if a high-risk reason justifies it, and record it.",
                link=check.get_absolute_url(),
                dedupe_key=f"consent-withdrawn:{check.pk}:{officer.pk}",
            )
    return withdrawal


def request_deadline_explain(*, request: RequestForSupport, by: User, deadline: int, reason: str) -> Deadline:
    """Record why one of this request's clocks was missed; timeliness reports use it."""
    _require_worker(request, by)
    missed = get_object_or_404(Deadline, pk=deadline, request=request)
    try:
        return deadline_explain(deadline=missed, reason=reason, by=by)
    except ValueError as problem:
        raise TransitionRefused(str(problem)) from None


@transaction.atomic
def referral_source_correct(*, request: RequestForSupport, by: User, referral_source: str) -> RequestForSupport:
    """Correct the census referral source of a request and of its children's episodes; the audit
    trail keeps what it was."""
    _require_worker(request, by)
    if referral_source not in ReferralSource.values:
        raise TransitionRefused("Select a referral source from the census list.")
    before = request.cin_referral_source
    RequestForSupport.objects.filter(pk=request.pk).update(cin_referral_source=referral_source)
    Episode.objects.filter(child__request=request).update(referral_source=referral_source)
    audit_record(
        actor=by,
        action=AuditEvent.Action.UPDATE,
        obj=request,
        detail={"referral_source": {"from": before, "to": referral_source}},
    )
    request.cin_referral_source = referral_source
    return request


CENSUS_ANSWERS = {
    "primary_need": "primary need",
    "assessment_factors": "factors identified",
    "initial_category": "category of abuse when the plan started",
    "latest_category": "latest category of abuse",
}


@transaction.atomic
def child_census_correct(*, child, by: User, reason: str, **answers) -> CaseNote:
    """Correct a child's census details after the event (`episode_census_correct`), and say why in a
    note on the request, so the team reads the correction, and its reason, in the request's history."""
    _require_worker(child.request, by, "You can only correct the records of children in your own area.")
    if not reason.strip():
        raise ValueError("Say why the census details are being corrected.")
    changed = episode_census_correct(episode=child.episode, by=by, **answers)
    words = "; ".join(
        f"{CENSUS_ANSWERS[field]} {_codes(change['to'])} (was {_codes(change['from']) or 'not recorded'})"
        for field, change in changed.items()
    )
    return CaseNote.objects.create(
        request=child.request, by=by, text=f"Census details corrected for {child.first_name}: {words}. Why: {reason}"
    )


def _codes(value) -> str:
    return ", ".join(value) if isinstance(value, list) else value
