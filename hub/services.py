"""Services for the hub app: small functions that do one thing, named entity_action."""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import connection
from django.utils import timezone

from .audit_partitions import audit_partitions_missing
from .celery import app as celery_app
from .models import Heartbeat

# Beat asks a worker to record a heartbeat every minute, so five quiet minutes mean one of them
# has stopped: deadline reminders, urgent alerts and sweeps are no longer being chased.
HEARTBEAT_STALE_AFTER = timedelta(minutes=5)
HEARTBEAT_NAME = "beat"


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


def health_scheduler() -> PartHealth:
    """Whether the Celery worker and beat are alive, judged by the last heartbeat they wrote."""
    try:
        beat_at = Heartbeat.objects.filter(name=HEARTBEAT_NAME).values_list("beat_at", flat=True).first()
    except Exception as exc:  # noqa: BLE001 - an unreadable heartbeat is not a healthy one
        return PartHealth(False, type(exc).__name__)
    if beat_at is None:
        return PartHealth(False, "no heartbeat yet from the Celery worker and beat")
    quiet = timezone.now() - beat_at
    if quiet > HEARTBEAT_STALE_AFTER:
        return PartHealth(
            False, f"no heartbeat from the Celery worker and beat for {int(quiet.total_seconds() // 60)} minutes"
        )
    return PartHealth(True, f"last heartbeat {int(quiet.total_seconds())} seconds ago")


def health_audit() -> PartHealth:
    """Whether this month's and next month's audit partitions are in place (hub/audit_partitions.py):
    the daily job that makes them has stopped if not, and a month left to the default partition can
    never be given its own."""
    try:
        missing = audit_partitions_missing()
    except Exception as exc:  # noqa: BLE001 - an unreadable catalogue is not a healthy one
        return PartHealth(False, type(exc).__name__)
    if missing is None:
        return PartHealth(True, "one table, not partitioned (SQLite)")
    if missing:
        return PartHealth(
            False,
            f"no audit partition for {' or '.join(missing)}: hub.tasks.audit_partitions_ensure makes them daily, "
            "and cannot once a month's rows are in the default partition",
        )
    return PartHealth(True, "this month's and next month's audit partitions in place")


def broker_folders_ensure() -> None:
    """Kombu's filesystem broker (the `make run` default) needs its folders before
    the first message: anything that queues work before rundev starts calls this."""
    if str(settings.CELERY_BROKER_URL).startswith("filesystem://"):
        for folder in ("out", "processed", "control"):
            (settings.BROKER_DIR / folder).mkdir(parents=True, exist_ok=True)
