"""Open, meet and cancel deadlines. Transitions call these; the sweep reads them."""

import datetime as dt

from django.utils import timezone

from .calendar import calendar_for
from .models import Deadline

# How each clock is counted (DOMAIN.md §6). ICPC's unit is a per-area setting.
RULES = {
    Deadline.Kind.WRITTEN_FOLLOW_UP: ("hours", 24),
    Deadline.Kind.CONTACT_DECISION: ("working_days", 1),
    Deadline.Kind.SINGLE_ASSESSMENT: ("working_days", 45),
    Deadline.Kind.LADO_NOTIFICATION: ("working_days", 1),
}


def due_time(*, kind: str, area, started_at: dt.datetime) -> tuple[dt.datetime, str]:
    calendar = calendar_for(area)
    if kind == Deadline.Kind.ICPC:
        days = area.conference_deadline_days
        if area.conference_deadline_unit == "calendar_days":
            return calendar.add_calendar_days(started_at, days), f"{days} days"
        return calendar.add_working_days(started_at, days), f"{days} working days"
    unit, amount = RULES[kind]
    if unit == "hours":
        return calendar.add_clock_hours(started_at, amount), f"{amount} hours"
    return calendar.add_working_days(started_at, amount), f"{amount} working day{'s' if amount != 1 else ''}"


def deadline_open(
    *,
    kind: str,
    started_at: dt.datetime,
    start_event: str,
    area=None,
    request=None,
    phone_referral=None,
) -> Deadline:
    due_at, unit = due_time(kind=kind, area=area, started_at=started_at)
    return Deadline.objects.create(
        kind=kind,
        request=request,
        phone_referral=phone_referral,
        started_at=started_at,
        start_event=start_event,
        due_at=due_at,
        unit=unit,
    )


def deadline_meet(*, deadline: Deadline, at: dt.datetime | None = None, breach_reason: str = "") -> Deadline:
    """Mark a deadline met. Met late, it keeps the reason it was missed."""
    at = at or timezone.now()
    updated = Deadline.objects.filter(pk=deadline.pk, state=Deadline.State.OPEN).update(
        state=Deadline.State.MET, met_at=at, breach_reason=breach_reason
    )
    deadline.refresh_from_db()
    if not updated and deadline.state != Deadline.State.MET:
        raise ValueError("Only an open deadline can be met.")
    return deadline
