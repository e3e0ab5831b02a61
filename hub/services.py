"""Services for the hub app: small functions that do one thing, named entity_action."""

from dataclasses import dataclass

from django.db import connection
from django.utils import timezone

from .celery import app as celery_app
from .models import Heartbeat


def heartbeat_record(*, name: str) -> Heartbeat:
    beat, _ = Heartbeat.objects.update_or_create(name=name, defaults={"beat_at": timezone.now()})
    return beat


@dataclass(frozen=True)
class PartHealth:
    ok: bool
    detail: str


def health_database() -> PartHealth:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # noqa: BLE001 - any failure means "not healthy"
        return PartHealth(False, type(exc).__name__)
    return PartHealth(True, connection.vendor)


def health_broker() -> PartHealth:
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
            transport = conn.transport_cls
    except Exception as exc:  # noqa: BLE001 - any failure means "not healthy"
        return PartHealth(False, type(exc).__name__)
    return PartHealth(True, str(transport))
