import datetime as dt

from django.db import transaction

from hub.audit import audit_record
from hub.models import AuditEvent, User

from .models import ConsentRecord, ConsentWithdrawal


@transaction.atomic
def consent_withdraw(
    *, consent: ConsentRecord, withdrawn_by: str, withdrawn_on: dt.date, reason: str, by: User
) -> ConsentWithdrawal:
    """Record that consent was withdrawn. From now on sharing stops, unless the
    request rests on a significant-harm override (rule 31)."""
    withdrawal = ConsentWithdrawal.objects.create(
        consent=consent, withdrawn_by=withdrawn_by, withdrawn_on=withdrawn_on, reason=reason, recorded_by=by
    )
    audit_record(
        actor=by,
        action=AuditEvent.Action.UPDATE,
        obj=consent,
        reference=consent.request.reference,
        detail={"consent": "withdrawn"},
    )
    return withdrawal


def sharing_allowed(consent: ConsentRecord) -> bool:
    """May this request's information be shared further? With consent that
    stands, yes; after withdrawal or without consent, only under a
    significant-harm override (rules 31, 36)."""
    return consent.significant_harm or consent.has_parental_consent
