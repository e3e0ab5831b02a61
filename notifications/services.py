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


def notifications_create_many(notifications: list[Notification]) -> None:
    """Write many notifications in the caller's transaction with one INSERT, and
    send each once that commits. Each carries its email address already (the
    recipient's, or a caller's): looking it up here would cost a query each.

    Each carries a dedupe_key; one already taken keeps its first notification,
    as in notification_create. Two queries whatever the number: the insert, then
    one read of the ids to send (a bulk insert that skips conflicts returns none).
    """
    if any(not n.dedupe_key for n in notifications):
        raise ValueError("Notifications written in bulk need a dedupe_key.")
    if not notifications:
        return
    Notification.objects.bulk_create(notifications, ignore_conflicts=True)
    to_send = (
        Notification.objects.filter(dedupe_key__in=[n.dedupe_key for n in notifications], sent_at__isnull=True)
        .exclude(email="")
        .values_list("pk", flat=True)
    )
    for pk in to_send:
        # One callback each, as notification_create queues them: one failed enqueue
        # does not stop the others (and notifications.sweep re-queues it later).
        transaction.on_commit(lambda pk=pk: send_notification.delay(pk), robust=True)
