"""Send what the outbox holds, each email once."""

import datetime as dt
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import Q
from django.utils import timezone

from .models import Notification

log = logging.getLogger(__name__)
# A claim older than this belongs to a worker that died mid-send; it may be retried.
# With the sweep every minute, a killed worker delays an email by at most two
# minutes. A live send cannot outlast its claim: SMTP gives up after EMAIL_TIMEOUT.
CLAIM_TIMEOUT = dt.timedelta(seconds=60)


def notification_send(*, notification_id: int) -> bool:
    """Send one notification's email if no other worker is sending or has sent it.
    Returns whether this call sent it."""
    now = timezone.now()
    claimed = (
        Notification.objects.filter(pk=notification_id, sent_at__isnull=True)
        .exclude(email="")
        .filter(Q(sending_at__isnull=True) | Q(sending_at__lt=now - CLAIM_TIMEOUT))
        .update(sending_at=now)
    )
    if not claimed:
        # Already sent, or another worker holds a fresh claim: nothing to do.
        return False
    notification = Notification.objects.get(pk=notification_id)
    Notification.objects.filter(pk=notification_id).update(attempts=notification.attempts + 1)
    body = notification.body
    if notification.link:
        body += f"\n\n{settings.SERVICE_URL.rstrip('/')}{notification.link}"
    send_mail(notification.subject, body, None, [notification.email])
    # Only while the claim is still ours: a claim taken over after a stall means the other
    # worker's send is the one recorded.
    Notification.objects.filter(pk=notification_id, sending_at=now).update(sent_at=timezone.now())
    log.info("notification %s sent (%s)", notification_id, notification.kind)
    return True


# A deadline sweep's batch writes up to 2,000 emails (1,000 due, two each); when the broker refused
# them (notifications.services), one run of the outbox sweep re-queues the whole batch, not a tenth.
PENDING_PER_RUN = 2_000


def notifications_pending(
    *, older_than: dt.timedelta = dt.timedelta(minutes=1), limit: int = PENDING_PER_RUN
) -> list[int]:
    """Unsent emails whose task may have been lost with the broker."""
    cutoff = timezone.now() - older_than
    return list(
        Notification.objects.filter(sent_at__isnull=True, created_at__lt=cutoff)
        .exclude(email="")
        .filter(Q(sending_at__isnull=True) | Q(sending_at__lt=timezone.now() - CLAIM_TIMEOUT))
        .order_by("created_at")
        .values_list("pk", flat=True)[:limit]
    )
