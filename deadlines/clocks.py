"""How long a clock has left, in words a busy worker reads at a glance."""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from .calendar import Calendar, calendar_of
from .models import ClosureDay, Deadline
from .rules import HOURS


@dataclass(frozen=True)
class Clock:
    label: str
    due_at: dt.datetime
    colour: str  # red, orange, yellow or green, as a GOV.UK tag
    text: str


def clock_for(deadline_due: dt.datetime | None, calendar: Calendar, *, now: dt.datetime | None = None) -> Clock | None:
    if deadline_due is None:
        return None
    now = now or timezone.now()
    left = deadline_due - now
    if left.total_seconds() < 0:
        over = -left
        if over < dt.timedelta(days=1):
            text = f"Overdue by {_count(max(1, int(over.total_seconds() // 3600)), 'hour')}"
        else:
            text = f"Overdue by {_count(calendar.working_days_between(deadline_due, now), 'working day')}"
        return Clock("overdue", deadline_due, "red", text)
    if left < dt.timedelta(hours=24):
        return Clock("due", deadline_due, "orange", f"{_count(max(1, int(left.total_seconds() // 3600)), 'hour')} left")
    # Count from when work can next happen: on a Sunday, a Tuesday 09:00 deadline leaves one working day.
    days = calendar.working_days_between(calendar.counting_start(now), deadline_due)
    colour = "yellow" if days <= 1 else "green"
    return Clock("due", deadline_due, colour, f"{_count(days, 'working day')} left")


def _count(n: int, unit: str) -> str:
    return f"{n} {unit}{'' if n == 1 else 's'}"


def clocks_decorate(rows) -> None:
    """Give each row its clock (`clock`), from its `next_due`, counted on its own area's calendar (a
    worker covering two areas sees each clock as that area keeps it). A row carries its area's
    `area_id`, `office_hours` and `closure_dates`: the days read with it (triage.queue), or None where
    they were not (SQLite, for `make run`), and then they are read here, once for each area."""
    calendars: dict[int, Calendar] = {}
    now = timezone.now()
    for row in rows:
        if row.area_id not in calendars:
            closures = row.closure_dates
            if closures is None:
                closures = ClosureDay.objects.filter(area_id=row.area_id).values_list("date", flat=True)
            calendars[row.area_id] = calendar_of(row.office_hours, closures)
        row.clock = clock_for(row.next_due, calendars[row.area_id], now=now)


def working_day_count(deadline: Deadline, calendar: Calendar) -> str:
    """'Day 3 of 45' for a working-day clock; its length for a clock-hour one."""
    if deadline.unit.endswith(HOURS):
        return deadline.unit
    start = calendar.counting_start(deadline.started_at)
    total = calendar.working_days_between(start, deadline.due_at)
    end = min(deadline.met_at or timezone.now(), deadline.due_at)
    elapsed = calendar.working_days_between(start, end) if end > start else 0
    return f"Day {elapsed} of {total}"


def missed(deadline: Deadline) -> bool:
    """Whether a clock ran past its due time (met late, or still open and overdue)."""
    return deadline.state != Deadline.State.CANCELLED and deadline.due_at < (deadline.met_at or timezone.now())
