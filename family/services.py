"""The referrer confirms a family copy: from then it counts as shared, in the sharing log."""

from django.db import transaction

from consent.choices import LawfulBasis
from hub.audit import audit_record
from hub.models import AuditEvent, User
from requests_app.models import RequestForSupport
from triage.models import SharingDecision

from .models import FamilyCopyConfirmation, Stage
from .rules import copy_withheld
from .selectors import confirmation_of, family_copy

RECIPIENT = "The family"
# What the sharing log names as the lawful basis when consent stands (docs/domain.md §8).
CONSENT = "consent"


class CopyWithheld(Exception):
    """The consent rules withhold a family copy of this request (family/rules.py)."""


def lawful_basis_of(support_request: RequestForSupport) -> str:
    """Consent where it stands; otherwise the basis the request was shared on, and failing that
    the hub's public task: telling a family what was said about them is part of it (000, 003)."""
    consent = support_request.consent
    if consent.has_parental_consent:
        return CONSENT
    return consent.lawful_basis or LawfulBasis.PUBLIC_TASK


@transaction.atomic
def family_copy_confirm(
    *, support_request: RequestForSupport, stage: str, by: User
) -> tuple[FamilyCopyConfirmation, bool]:
    """Record that the referrer read this copy and will share it with the family: one sharing-log
    entry and one audit row. A second confirmation of the same copy (a double submit, a second
    tab) returns the first and records nothing: the request row's lock puts the two in turn."""
    if by.pk != support_request.referrer_id:
        raise PermissionError("Only the referrer who sent the request shares its family copy.")
    if reason := copy_withheld(support_request):
        raise CopyWithheld(reason)
    told_at = RequestForSupport.objects.select_for_update().values_list("feedback_sent_at", flat=True)
    support_request.feedback_sent_at = told_at.get(pk=support_request.pk)
    if existing := confirmation_of(support_request=support_request, stage=stage):
        return existing, False
    copy = family_copy(support_request=support_request, stage=stage)
    sharing = SharingDecision.objects.create(
        request=support_request,
        decision=SharingDecision.Decision.SHARE,
        reasons="The referrer read the family copy and confirmed they will share it with the family.",
        fields_shared=copy["fields_shared"],
        recipient=RECIPIENT,
        purpose=f"A plain-language copy of the request for the family ({copy['stage_title'].lower()})",
        lawful_basis=lawful_basis_of(support_request),
        rationale="Families should be able to read what was said about them (004).",
        by=by,
    )
    confirmation = FamilyCopyConfirmation.objects.create(
        request=support_request,
        stage=stage,
        outcome_told_at=support_request.feedback_sent_at if stage == Stage.OUTCOME else None,
        confirmed_by=by,
        sharing=sharing,
    )
    audit_record(
        actor=by,
        action=AuditEvent.Action.CREATE,
        obj=confirmation,
        reference=support_request.reference,
        detail={"family_copy": stage, "shared_with": RECIPIENT},
    )
    return confirmation, True
