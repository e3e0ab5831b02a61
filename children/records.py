"""Keeping a child's identifiers and characteristics for the returns up to date."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from hub.access import covers_area
from hub.audit import audit_record
from hub.models import AuditEvent, User
from returns.characteristics import disabilities_problem

from .models import Person


@transaction.atomic
def person_record_update(
    *, person: Person, by: User, upn: str, upn_unknown_reason: str, disabilities: list[str], reference: str = ""
) -> Person:
    """Record a child's UPN (or why there is none) and their disabilities as the census codes them."""
    if not (by.has_perm("hub.work_queue") and covers_area(by, person.area_id)):
        raise PermissionDenied("You can only update the records of children in your own area.")
    if bool(upn) == bool(upn_unknown_reason):
        raise ValidationError("Enter the child's UPN, or select why it is not known, but not both")
    if problem := disabilities_problem(disabilities):
        raise ValidationError(problem)
    Person.objects.filter(pk=person.pk).update(
        upn=upn.upper(), upn_unknown_reason=upn_unknown_reason, disabilities=list(disabilities)
    )
    # The audit row names which fields changed, never their values.
    audit_record(
        actor=by,
        action=AuditEvent.Action.UPDATE,
        obj=person,
        reference=reference,
        detail={"changed": ["upn", "upn_unknown_reason", "disabilities"]},
    )
    person.refresh_from_db()
    return person
