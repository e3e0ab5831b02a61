"""Record a phoned referral and start its 24-hour clock."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from deadlines.models import Deadline
from deadlines.services import deadline_open
from hub.audit import audit_record
from hub.models import Area, AuditEvent, User
from requests_app.models import PhoneReferral, unique_reference
from requests_app.services.urgent import urgent_notify


def phone_referral_record(*, by: User, area: Area, called_at: dt.datetime | None = None, **details) -> PhoneReferral:
    """Record a phoned urgent referral; the caller must follow up in writing within 24 hours (rule 8)."""
    if details.get("caller_email") and "caller" not in details:
        # A caller with an account also sees the reminder in the service.
        details["caller"] = User.objects.filter(email__iexact=details["caller_email"], is_active=True).first()
    with transaction.atomic():
        phone = PhoneReferral.objects.create(
            reference=unique_reference("PHN", PhoneReferral),
            area=area,
            recorded_by=by,
            called_at=called_at or timezone.now(),
            **details,
        )
        deadline_open(
            kind=Deadline.Kind.WRITTEN_FOLLOW_UP,
            phone_referral=phone,
            area=area,
            started_at=phone.called_at,
            start_event="Urgent referral phoned to the hub",
        )
        audit_record(actor=by, action=AuditEvent.Action.CREATE, obj=phone)
        if phone.immediate_risk:
            urgent_notify(area=area, reference=phone.reference, link=phone.get_absolute_url(), about=f"call:{phone.pk}")
    return phone
