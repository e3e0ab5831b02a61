from celery import shared_task

from .services import drafts_delete_expired, drafts_warn_expiring


@shared_task(name="requests_app.drafts_expire", acks_late=True)
def drafts_expire() -> dict:
    """Warn owners of drafts about to be deleted, then delete expired drafts."""
    return {"warned": drafts_warn_expiring(), "deleted": drafts_delete_expired()}
