"""Write notifications. Sending is a separate step (sending.py), queued once
the change the notification reports has committed."""

from django.db import IntegrityError, transaction

from .models import Notification
from .tasks import send_notification


def notification_create(
    *,
    kind: str,
    subject: str,
    body: str,
    recipient=None,
    email: str = "",
    link: str = "",
    dedupe_key: str | None = None,
) -> Notification:
    """Write a notification in the caller's transaction; send it once that commits.

    With a dedupe_key, a second call returns the first notification instead of
    making another: that is what makes reminders exactly-once per stage.
    """
    address = email or (recipient.email if recipient else "")
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                recipient=recipient,
                email=address,
                kind=kind,
                subject=subject,
                body=body,
                link=link,
                dedupe_key=dedupe_key,
            )
    except IntegrityError:
        return Notification.objects.get(dedupe_key=dedupe_key)
    if address:
        transaction.on_commit(lambda: send_notification.delay(notification.pk), robust=True)
    return notification
