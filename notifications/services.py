"""Write notifications. Sending is a separate step (sending.py), queued once
the change the notification reports has committed."""

import functools
import logging
from typing import NamedTuple

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from lib.pg_arrays import int_array, text_array

from .models import Notification
from .tasks import send_notification

log = logging.getLogger(__name__)


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


class Outgoing(NamedTuple):
    """One notification to write in bulk: plain values, cheaper than a model
    instance when a sweep writes thousands. The email is already resolved (the
    recipient's address, or a caller's)."""

    recipient_id: int | None
    email: str
    kind: str
    subject: str
    body: str
    link: str
    dedupe_key: str | None  # notifications_create_many needs one; a single row written with its record may not


# On PostgreSQL a batch goes in as one array per column (lib/pg_arrays.py): one
# statement, a handful of parameters however many rows, and RETURNING names only
# the rows written. A plain INSERT first: a sweep's keys are new (each deadline's stage is
# stamped under its row's lock as its messages are written), and ON CONFLICT's speculative
# insertion cost a third more (2,000 rows: 48 to 53 ms against 36 to 44 in PostgreSQL alone, on a
# copy of the outbox). A key already taken fails that INSERT, and only then is the batch sent
# again skipping the keys taken.
_INSERT_MANY = """
INSERT INTO {table} (recipient_id, email, kind, subject, body, link, dedupe_key, created_at, attempts)
SELECT r, e, k, s, b, l, d, %s, 0
FROM unnest(%s::bigint[], %s::text[], %s::text[], %s::text[], %s::text[], %s::text[], %s::text[])
  AS t(r, e, k, s, b, l, d)
{skip_taken}RETURNING id, email
"""
UNIQUE_VIOLATION = "23505"  # PostgreSQL's SQLSTATE for a taken key
_INSERT_ALL_NEW = _INSERT_MANY.replace("{skip_taken}", "")
_INSERT_SKIPPING_TAKEN = _INSERT_MANY.replace("{skip_taken}", "ON CONFLICT (dedupe_key) DO NOTHING\n")


def notifications_create_many(notifications: list[Outgoing]) -> None:
    """Write many notifications in the caller's transaction with one INSERT, and
    send each once that commits. A dedupe_key already taken keeps its first
    notification, which is not sent again, as in notification_create.
    """
    if any(not n.dedupe_key for n in notifications):
        raise ValueError("Notifications written in bulk need a dedupe_key.")
    if not notifications:
        return
    if sending := _insert_many(notifications):
        # One callback for the batch, not one each: a sweep registers a single
        # callback instead of two thousand.
        transaction.on_commit(functools.partial(_queue_sends, sending), robust=True)


def notification_build(outgoing: Outgoing) -> Notification:
    """A notification, not yet written: for a caller that writes it together with other new rows
    (lib/new_rows.py) and then calls notifications_send_when_committed. Its dedupe_key, if any, must be new."""
    return Notification(**outgoing._asdict())


def notifications_send_when_committed(notifications: list[Notification]) -> None:
    """Queue the sending of notifications the caller has just written, once its transaction commits."""
    if sending := [n.pk for n in notifications if n.email]:
        transaction.on_commit(functools.partial(_queue_sends, sending), robust=True)


# A broker that refuses this many sends in a row is taken to be down: the rest of the batch is left to
# the outbox sweep rather than each waiting out Celery's publish retries. One refusal alone (a reset
# connection) costs only its own notification, which the outbox sweep sends a minute later.
REFUSALS_IN_A_ROW = 3


def _queue_sends(pks: list[int]) -> None:
    """Queue each notification's send once its batch has committed. A broker that refuses
    several in a row would refuse the rest, so the loop stops there rather than waiting out the
    broker's retries once per email; the outbox sweep (notifications.tasks) queues whatever is
    still unsent."""
    queued = in_a_row = 0
    for pk in pks:
        try:
            send_notification.delay(pk)
        except Exception:
            in_a_row += 1
            if in_a_row == REFUSALS_IN_A_ROW:
                log.exception(
                    "Could not queue %s of %s notifications; the outbox sweep will send them",
                    len(pks) - queued,
                    len(pks),
                )
                return
            log.warning("The broker refused a notification's send; the outbox sweep will send it")
        else:
            queued, in_a_row = queued + 1, 0


def _insert_many(notifications: list[Outgoing]) -> list[int]:
    """Insert, skipping taken dedupe keys; returns the ids written that have an email."""
    if connection.vendor != "postgresql":
        # SQLite (`make run`): the portable way, then one read of what to send.
        Notification.objects.bulk_create([notification_build(n) for n in notifications], ignore_conflicts=True)
        return list(
            Notification.objects.filter(dedupe_key__in=[n.dedupe_key for n in notifications], sent_at__isnull=True)
            .exclude(email="")
            .values_list("pk", flat=True)
        )
    recipients, *texts = zip(*notifications, strict=True)
    arrays = [int_array(recipients)] + [text_array(map(str, column)) for column in texts]
    table, params = connection.ops.quote_name(Notification._meta.db_table), [timezone.now(), *arrays]
    with connection.cursor() as cursor:
        try:
            with transaction.atomic():  # a savepoint: a taken key undoes this INSERT alone
                cursor.execute(_INSERT_ALL_NEW.format(table=table), params)
        except IntegrityError as error:
            if getattr(error.__cause__, "sqlstate", None) != UNIQUE_VIOLATION:
                raise  # any other broken rule would break the second INSERT too
            cursor.execute(_INSERT_SKIPPING_TAKEN.format(table=table), params)
        return [pk for pk, email in cursor.fetchall() if email]
