"""Record every read and change of a child's record (docs/decisions/0003)."""

from django.db import models

from .models import AuditEvent, User


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
        actor=actor if actor and actor.is_authenticated else None,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        reference=reference or getattr(obj, "reference", ""),
        via=via,
        detail=detail or {},
    )
