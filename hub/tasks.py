from celery import shared_task

from .services import HEARTBEAT_NAME
from .services import heartbeat_record as heartbeat_record_service


@shared_task(name="hub.tasks.heartbeat_record")
def heartbeat_record() -> None:
    heartbeat_record_service(name=HEARTBEAT_NAME)
