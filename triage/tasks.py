from celery import shared_task

from .services import requests_purge_not_retained, urgent_requests_begin


@shared_task(name="triage.purge_not_retained", acks_late=True)
def purge_not_retained() -> int:
    """Daily: purge triage steps that were not retained (rule 9)."""
    return requests_purge_not_retained()


@shared_task(name="triage.urgent_begin", acks_late=True)
def urgent_begin() -> int:
    """At once, and every minute: immediate-risk requests become contacts (rule 7)."""
    return urgent_requests_begin()
