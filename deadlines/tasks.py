from celery import shared_task

from .messages import digest_send
from .services import deadlines_sweep


@shared_task(name="deadlines.sweep", acks_late=True)
def sweep_deadlines() -> int:
    """Every minute: send what is due. Thin: the service does the work."""
    return deadlines_sweep()


@shared_task(name="deadlines.digest", acks_late=True)
def send_digest() -> int:
    return digest_send()
