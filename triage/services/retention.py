"""Triage steps that were not retained are purged (rule 9): every row of
personal data goes, and only an anonymous count stays."""

from django.db import transaction

from children.models import Person
from hub.audit import audit_record
from hub.models import AuditEvent
from requests_app.models import PhoneReferral, RequestDraft, RequestForSupport
from workflow.states import Outcome, State

from ..models import RetentionStatistic


def requests_purge_not_retained(*, limit: int = 500) -> int:
    """Purge not-retained requests, one transaction each. Returns how many."""
    purged = 0
    # Only where the area's policy is not to retain (003), and never a request where the
    # referrer asserted significant harm, whatever state it reached.
    purgeable = RequestForSupport.objects.filter(
        status=State.NOT_RETAINED, area__purges_not_retained=True, consent__harm_asserted=False
    )
    ids = list(purgeable.values_list("pk", flat=True)[:limit])
    for pk in ids:
        with transaction.atomic():
            request = (
                RequestForSupport.objects.select_for_update(skip_locked=True)
                .filter(pk=pk, status=State.NOT_RETAINED)
                .first()
            )
            if request is None:
                continue
            RetentionStatistic.objects.create(
                area_id=request.area_id,
                level=request.level_decided,
                date=request.received_at.date(),
                outcome=request.outcome or Outcome.NOT_RETAINED,
            )
            audit_record(
                actor=None,
                action=AuditEvent.Action.PURGE,
                obj=request,
                reference="",
                detail={"reason": "not retained: below threshold without consent"},
            )
            draft_id, phone_id = request.draft_id, request.phone_referral_id
            people = list(Person.objects.filter(children__request=request).values_list("pk", flat=True))
            for attachment in request.attachments.all():
                attachment.file.delete(save=False)
            # Cascades remove the children, household, consent, history, notes, decisions,
            # checks, sharing log, deadlines and attachments.
            request.delete()
            if draft_id:
                RequestDraft.objects.filter(pk=draft_id).delete()
            if phone_id:
                PhoneReferral.objects.filter(pk=phone_id).delete()
            # A child record made only for this request goes too; one seen in other requests stays.
            Person.objects.filter(pk__in=people, children__isnull=True).delete()
            purged += 1
    return purged
