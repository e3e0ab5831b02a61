from celery import shared_task

from .models import Notification
from .sending import notification_send, notifications_pending


@shared_task(bind=True, acks_late=True, max_retries=8, name="notifications.send")
def send_notification(self, notification_id: int) -> bool:
    try:
        return notification_send(notification_id=notification_id)
    except OSError as exc:  # SMTP refused or unreachable: try again later
        Notification.objects.filter(pk=notification_id).update(sending_at=None)
        raise self.retry(exc=exc, countdown=min(60 * 2**self.request.retries, 3600)) from exc


@shared_task(name="notifications.sweep")
def sweep_notifications() -> int:
    """Re-queue unsent notifications whose task was lost (e.g. the broker was emptied)."""
    pending = notifications_pending()
    for pk in pending:
        send_notification.delay(pk)
    return len(pending)
