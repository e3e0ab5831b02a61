"""Linking a phoned referral to the written request that follows it (rule 7)."""

from django.db import transaction
from django.utils import timezone

from deadlines.models import Deadline
from deadlines.rules import late_note
from deadlines.services import deadline_meet
from hub.audit import audit_record
from hub.models import AuditEvent, User

from ..models import PhoneReferral, RequestForSupport


def phone_referral_link(*, phone: PhoneReferral, request: RequestForSupport, by: User | None = None) -> PhoneReferral:
    """Link the written request to the call and meet the 24-hour clock (late, if it is late)."""
    now = timezone.now()
    with transaction.atomic():
        linked = PhoneReferral.objects.filter(pk=phone.pk, linked_at__isnull=True).update(linked_at=now)
        if not linked:
            raise ValueError("This phoned referral is already linked to a written request")
        # The contact began with the call: its caller is the census's referral source.
        source = {"cin_referral_source": phone.referral_source} if phone.referral_source else {}
        RequestForSupport.objects.filter(pk=request.pk).update(phone_referral=phone, **source)
        for deadline in Deadline.objects.filter(phone_referral=phone, state=Deadline.State.OPEN):
            late = now > deadline.due_at
            deadline_meet(
                deadline=deadline,
                at=now,
                breach_reason=late_note(deadline.kind) if late else "",
            )
            Deadline.objects.filter(pk=deadline.pk).update(request=request)
        if by is not None:
            audit_record(actor=by, action=AuditEvent.Action.UPDATE, obj=phone, detail={"linked": request.reference})
    phone.refresh_from_db()
    return phone
