from celery import shared_task

from .audit_partitions import audit_partitions_ensure as audit_partitions_ensure_service
from .services import HEARTBEAT_NAME
from .services import heartbeat_record as heartbeat_record_service
from .sign_in.services import api_tokens_delete_expired


@shared_task(name="hub.tasks.heartbeat_record")
def heartbeat_record() -> None:
    heartbeat_record_service(name=HEARTBEAT_NAME)


@shared_task(name="hub.tasks.api_tokens_expire")
def api_tokens_expire() -> None:
    api_tokens_delete_expired()


@shared_task(name="hub.tasks.audit_partitions_ensure")
def audit_partitions_ensure() -> None:
    audit_partitions_ensure_service()
