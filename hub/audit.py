"""Record every read and change of a child's record (docs/decisions/0003).

Rows are only ever added: PostgreSQL refuses the application's role any UPDATE,
DELETE or TRUNCATE on the table (hub/migrations, docs/security.md).
"""

import contextlib
import json
from collections.abc import Iterable, Iterator
from contextvars import ContextVar

from django.db import connection, models

from lib.pg_arrays import text_array

from .models import AuditEvent, User

# The address of the web request being answered; None in background jobs.
_address: ContextVar[str | None] = ContextVar("audit_address", default=None)


@contextlib.contextmanager
def audit_address(address: str | None) -> Iterator[None]:
    token = _address.set(address)
    try:
        yield
    finally:
        _address.reset(token)


def _actor(actor: User | None) -> User | None:
    return actor if actor and actor.is_authenticated else None


def audit_record(**fields) -> AuditEvent:
    """Write one audit row now (audit_event_build's keywords: actor, action, obj, and the reference,
    via and detail when they are not the record's own)."""
    event = audit_event_build(**fields)
    event.save(force_insert=True)
    return event


def audit_event_build(
    *,
    actor: User | None,
    action: str,
    obj: models.Model,
    reference: str = "",
    via: str = "web",
    detail: dict | None = None,
) -> AuditEvent:
    """The row audit_record writes, not yet written: for a caller that writes it together with
    the record it is about (lib/new_rows.py), once `obj` has its id."""
    return AuditEvent(
        actor=_actor(actor),
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        reference=reference or getattr(obj, "reference", ""),
        via=via,
        address=_address.get(),
        detail=detail or {},
    )


def _type_of(obj) -> str:
    """The record a listed row is: a model instance's own model, or the one a row read as values
    stands for (its `audited_as`, triage.queue_entry)."""
    return getattr(obj, "audited_as", obj)._meta.label_lower


def _reference_of(obj: models.Model) -> str:
    """The request a listed row is about, so "who has accessed this record" finds it:
    the row's own reference, or its request's (a partner check, a notification)."""
    if reference := getattr(obj, "reference", ""):
        return reference
    request = getattr(obj, "request", None)
    return getattr(request, "reference", "") if request is not None else ""


def audit_listed(
    *,
    actor: User | None,
    objects: Iterable,
    listed_in: str,
    via: str = "web",
    searched: dict | None = None,
) -> None:
    """Record that each record was shown in a list (a queue page, My requests),
    one row per record in one INSERT, so "who has seen this child" includes lists.
    With `searched`, the search that chose the list is recorded in the same INSERT."""
    actor, address = _actor(actor), _address.get()
    rows = [
        (AuditEvent.Action.VIEW, _type_of(obj), str(obj.pk), _reference_of(obj), {"listed_in": listed_in})
        for obj in objects
    ]
    if searched is not None and actor is not None:
        rows.insert(0, (AuditEvent.Action.SEARCH, actor._meta.label_lower, str(actor.pk), "", searched))
    if not rows:
        return
    if connection.vendor != "postgresql":  # SQLite, for `make run`
        AuditEvent.objects.bulk_create(
            AuditEvent(
                actor=actor,
                action=action,
                object_type=object_type,
                object_id=object_id,
                reference=reference,
                via=via,
                address=address,
                detail=detail,
            )
            for action, object_type, object_id, reference, detail in rows
        )
        return
    # One statement with five array parameters (lib/pg_arrays.py, decision 0024): Django's
    # bulk_create built fifty model instances and prepared 450 parameters for a queue page.
    # The time is the database's now(), which the stamping trigger would set anyway: a row
    # already stamped so does not call it (hub/migrations/0016).
    encoder = AuditEvent._meta.get_field("detail").encoder
    actions, object_types, object_ids, references, details = zip(*rows, strict=True)
    with connection.cursor() as cursor:
        cursor.execute(
            _LISTED.format(table=connection.ops.quote_name(AuditEvent._meta.db_table)),
            [
                actor.pk if actor else None,
                via,
                address,
                text_array(actions),
                text_array(object_types),
                text_array(object_ids),
                text_array(references),
                text_array(json.dumps(detail, cls=encoder) for detail in details),
            ],
        )


_LISTED = """
INSERT INTO {table} (at, actor_id, via, address, action, object_type, object_id, reference, detail)
SELECT now(), %s, %s, %s::inet, a, t, o, r, d::jsonb
FROM unnest(%s::text[], %s::text[], %s::text[], %s::text[], %s::text[]) AS u(a, t, o, r, d)
"""
