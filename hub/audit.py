"""Record every read and change of a child's record (docs/decisions/0003).

Rows are only ever added: PostgreSQL refuses the application's role any UPDATE,
DELETE or TRUNCATE on the table (hub/migrations, docs/security.md).
"""

import contextlib
from collections.abc import Iterable, Iterator
from contextvars import ContextVar

from django.db import models

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


def audit_record(
    *,
    actor: User | None,
    action: str,
    obj: models.Model,
    reference: str = "",
    via: str = "web",
    detail: dict | None = None,
) -> AuditEvent:
    return AuditEvent.objects.create(
        actor=_actor(actor),
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        reference=reference or getattr(obj, "reference", ""),
        via=via,
        address=_address.get(),
        detail=detail or {},
    )


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
    objects: Iterable[models.Model],
    listed_in: str,
    via: str = "web",
    searched: dict | None = None,
) -> None:
    """Record that each record was shown in a list (a queue page, My requests),
    one row per record in one INSERT, so "who has seen this child" includes lists.
    With `searched`, the search that chose the list is recorded in the same INSERT."""
    actor, address = _actor(actor), _address.get()
    rows = [
        AuditEvent(
            actor=actor,
            action=AuditEvent.Action.VIEW,
            object_type=obj._meta.label_lower,
            object_id=str(obj.pk),
            reference=_reference_of(obj),
            via=via,
            address=address,
            detail={"listed_in": listed_in},
        )
        for obj in objects
    ]
    if searched is not None and actor is not None:
        search = AuditEvent(
            actor=actor,
            action=AuditEvent.Action.SEARCH,
            object_type=actor._meta.label_lower,
            object_id=str(actor.pk),
            via=via,
            address=address,
            detail=searched,
        )
        rows.insert(0, search)
    AuditEvent.objects.bulk_create(rows)
