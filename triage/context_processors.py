from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import HttpRequest

from hub.models import User
from lib.compiled import CompiledRows
from notifications.context_processors import unread_for

from .selectors import urgent_unclaimed


def urgent(request: HttpRequest) -> dict:
    """Hub staff see, on every page, how many immediate-risk requests nobody has claimed, and
    their unread notifications: both counts in one query, since every page pays for it."""
    user = getattr(request, "user", None)
    if not (user and user.is_authenticated and user.has_perm("hub.work_queue")):
        return {}
    [(unread, urgent)] = _COUNTS.rows(user.pk, user.area_ids)
    return {"unread_notifications": unread, "urgent_unclaimed": urgent}


def _counts(person_id: int, area_ids):
    return (
        User.objects.filter(pk=person_id)
        .annotate(
            unread=_count_of(unread_for(OuterRef("pk"))),
            urgent=_count_of(urgent_unclaimed(area_ids)),
        )
        .values_list("unread", "urgent")
    )


# Every staff page asks: compiled once per process and number of areas (lib/compiled.py).
_COUNTS = CompiledRows(_counts)


def _count_of(queryset) -> Coalesce:
    counted = queryset.order_by().annotate(one=Value(1)).values("one").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)
