"""Read-side questions about deadlines."""

import datetime as dt

from django.contrib.postgres.expressions import ArraySubquery
from django.db import connection
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from .models import ClosureDay, Deadline


def deadlines_due_today(*, area, now: dt.datetime | None = None) -> tuple[list[Deadline], list[Deadline]]:
    """For the managers' digest: open deadlines in an area due today, and those overdue."""
    now = now or timezone.now()
    end_of_day = timezone.localtime(now).replace(hour=23, minute=59, second=59)
    base = (
        Deadline.objects.filter(state=Deadline.State.OPEN)
        .filter(Q(request__area=area) | Q(phone_referral__area=area))
        .select_related("request", "phone_referral")
        .order_by("due_at")
    )
    overdue = list(base.filter(due_at__lt=now))
    today = list(base.filter(due_at__gte=now, due_at__lte=end_of_day))
    return today, overdue


def request_overdue(now: dt.datetime | None = None) -> Exists:
    """Whether a request (the outer query's row) has a clock past its due time and not yet met:
    the queue's overdue filter, the manager's home figure and the dashboard all ask this."""
    return Exists(
        Deadline.objects.filter(request=OuterRef("pk"), state=Deadline.State.OPEN, due_at__lt=now or timezone.now())
    )


def closure_dates_with(name: str, area: str) -> dict:
    """An annotation `name` holding the closure days of the area at `area` (an outer reference) as
    one array, so a page or a submission reads them with its own row (calendar_for takes them from
    there). PostgreSQL only: on SQLite (`make run`) the annotation is left out and calendar_for
    reads the days itself."""
    if connection.vendor != "postgresql":
        return {}
    return {name: ArraySubquery(ClosureDay.objects.filter(area=OuterRef(area)).order_by().values("date"))}
