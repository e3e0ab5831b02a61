"""The one access policy for records about children.

Every page, API endpoint and export asks these questions, so the answer to
"may this person see this?" has one home. A record someone may not see is
refused exactly as a record that does not exist: the same 404 and the same
body, so nobody can learn that a reference exists by guessing it.
"""

from contextlib import nullcontext
from typing import NoReturn, TypeVar

from django.db.models import Model, QuerySet
from django.http import Http404

from lib.db_planner import joins_as_written

from .models import Area, User

# The message is fixed: Django's default names the model, and DRF copies it into the body.
NOT_FOUND_MESSAGE = "Not found."

M = TypeVar("M", bound=Model)


def refuse() -> NoReturn:
    """Answer as if the record did not exist."""
    raise Http404(NOT_FOUND_MESSAGE)


def covers_area(user: User, area_id: int | None) -> bool:
    """Whether the person works in, or also covers, this area."""
    return bool(user.is_authenticated and area_id is not None and area_id in user.area_ids)


def areas_covered(user: User) -> QuerySet[Area]:
    """The areas whose records this person works on: an export or a figure covers these and no others."""
    return Area.objects.filter(pk__in=user.area_ids if user.is_authenticated else ()).order_by("name")


def may_read_area_records(user: User, area_id: int | None) -> bool:
    """Hub staff read children's records in the areas they cover, and no others."""
    return user.is_authenticated and user.has_perm("hub.view_child_record") and covers_area(user, area_id)


def get_or_refuse(queryset: QuerySet[M], allowed, **lookup) -> M:
    """The one object matching `lookup` that `allowed(obj)` lets this person see."""
    if any(isinstance(value, str) and "\x00" in value for value in lookup.values()):
        refuse()  # PostgreSQL cannot compare text with a NUL in it; no reference holds one
    try:
        # get(), not first(): every lookup here is unique, and first() adds an ORDER BY pk for the
        # planner to weigh too. Planned freely, a request page's eleven-table read took 5 to 9 ms to
        # plan and 0.2 to run (lib/db_planner.py).
        with joins_as_written(queryset.db) if queryset.query.select_related else nullcontext():
            obj = queryset.get(**lookup)  # (one table alone has no joins to order)
    except queryset.model.DoesNotExist:
        refuse()
    if not allowed(obj):
        refuse()
    return obj
