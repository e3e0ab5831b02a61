"""What a member of hub staff's every page reads about them: the header's counts, and on the
queue page what the queue reads with them, in one query (`staff_counts`)."""

import json
from typing import NamedTuple

from django.contrib.postgres.aggregates import JSONBAgg
from django.db import connection
from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce, JSONArray
from django.http import HttpRequest

from hub.models import User
from lib.compiled import CompiledRows
from notifications.context_processors import unread_for

from .selectors import urgent_calls_in, urgent_unclaimed
from .worklist import NAMED, WORKERS_ORDER, Worker, queue_workers, workers_in, workers_named


class StaffCounts(NamedTuple):
    """What a member of hub staff's pages read about them on every page (`unread`, `urgent`),
    and what the queue page reads with it (`calls`, `workers`; None on any other page)."""

    unread: int
    urgent: int
    calls: int | None = None
    workers: list[Worker] | None = None


def staff_counts(request: HttpRequest, *, queue: bool = False) -> StaffCounts:
    """The header's counts, read once per request in one query. With `queue`, the same query also
    counts the phoned referrals at immediate risk (the urgent tab's) and lists who works the
    queue, on PostgreSQL as JSON: two round trips fewer on the page every worker opens most.
    The layout's context processor (triage.context_processors) then finds them read."""
    known = getattr(request, "_staff_counts", None)
    if known is not None and (known.workers is not None or not queue):
        return known
    user = request.user
    if not queue:
        counts = StaffCounts(*_COUNTS.rows(user.pk, user.area_ids)[0])
    elif connection.vendor == "postgresql":
        unread, urgent, calls, listed = _QUEUE_COUNTS.rows(user.pk, user.area_ids)[0]
        counts = StaffCounts(unread, urgent, calls, workers_named(_decoded(listed)))
    else:  # SQLite (`make run`) has no JSON aggregate that Django can order
        unread, urgent, calls = _QUEUE_COUNTS.rows(user.pk, user.area_ids)[0]
        counts = StaffCounts(unread, urgent, calls, queue_workers(user))
    request._staff_counts = counts
    return counts


def _decoded(listed) -> list:
    """The workers' JSON as PostgreSQL's driver hands it over (text, or already a list); none: []."""
    if listed is None:
        return []
    return json.loads(listed) if isinstance(listed, str) else listed


def _counts(person_id: int, area_ids):
    return (
        User.objects.filter(pk=person_id)
        .annotate(
            unread=_count_of(unread_for(OuterRef("pk"))),
            urgent=_count_of(urgent_unclaimed(area_ids)),
        )
        .values_list("unread", "urgent")
    )


def _queue_counts(person_id: int, area_ids):
    counts = _counts(person_id, area_ids).annotate(calls=_count_of(urgent_calls_in(area_ids)))
    if connection.vendor != "postgresql":
        return counts.values_list("unread", "urgent", "calls")
    listed = (
        workers_in(area_ids)
        .order_by()
        .annotate(one=Value(1))
        .values("one")
        .annotate(listed=JSONBAgg(JSONArray("id", *NAMED), order_by=WORKERS_ORDER))
        .values("listed")
    )
    return counts.annotate(workers=Subquery(listed)).values_list("unread", "urgent", "calls", "workers")


# Every staff page asks: compiled once per process and number of areas, and planned once per connection
# (lib/compiled.py). Planning the queue's took PostgreSQL about 1 ms, running it 0.2 ms.
_COUNTS = CompiledRows(_counts, prepared=True)
_QUEUE_COUNTS = CompiledRows(_queue_counts, prepared=True)


def _count_of(queryset) -> Coalesce:
    counted = queryset.order_by().annotate(one=Value(1)).values("one").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)
