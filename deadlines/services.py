"""Open, meet and chase deadlines.

A deadline is a row. Each open row carries `next_action_at`: when the sweep
next has something to send (a reminder or chaser before the due time, an
escalation after it). The sweep asks one indexed question, "which open
deadlines have an action due now?", claims those rows, and writes the
notifications in the same transaction. Nothing about time lives in the broker.
"""

import datetime as dt
import logging

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from .calendar import calendar_for
from .models import Deadline

log = logging.getLogger(__name__)

# How each clock is counted (DOMAIN.md §6). ICPC's unit is a per-area setting;
# partner checks are due by their RAG rating (triage/checks.py).
RULES = {
    Deadline.Kind.WRITTEN_FOLLOW_UP: ("hours", 24),
    Deadline.Kind.CONTACT_DECISION: ("working_days", 1),
    Deadline.Kind.SINGLE_ASSESSMENT: ("working_days", 45),
    Deadline.Kind.LADO_NOTIFICATION: ("working_days", 1),
}
FIRST_STAGE = {Deadline.Kind.WRITTEN_FOLLOW_UP: "chase"}  # the rest start with "remind"


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


def reminder_lead(kind: str) -> dt.timedelta:
    return dt.timedelta(hours=settings.DEADLINE_REMINDER_LEAD_HOURS.get(kind, 2))


def deadline_open(
    *,
    kind: str,
    started_at: dt.datetime,
    start_event: str,
    area=None,
    request=None,
    phone_referral=None,
    partner_check=None,
    due_at: dt.datetime | None = None,
    unit: str = "",
) -> Deadline:
    if due_at is None:
        due_at, unit = due_time(kind=kind, area=area, started_at=started_at)
    return Deadline.objects.create(
        kind=kind,
        request=request,
        phone_referral=phone_referral,
        partner_check=partner_check,
        started_at=started_at,
        start_event=start_event,
        due_at=due_at,
        unit=unit,
        next_action_at=due_at - reminder_lead(kind),
    )


def deadline_meet(*, deadline: Deadline, at: dt.datetime | None = None, breach_reason: str = "") -> Deadline:
    """Mark a deadline met. Met late, it keeps the reason it was missed."""
    at = at or timezone.now()
    updated = Deadline.objects.filter(pk=deadline.pk, state=Deadline.State.OPEN).update(
        state=Deadline.State.MET, met_at=at, breach_reason=breach_reason, next_action_at=None
    )
    deadline.refresh_from_db()
    if not updated and deadline.state != Deadline.State.MET:
        raise ValueError("Only an open deadline can be met.")
    return deadline


def deadline_explain(*, deadline: Deadline, reason: str, by) -> Deadline:
    """Record why a deadline was missed, which timeliness reporting needs."""
    if not reason.strip():
        raise ValueError("Say why the deadline was missed.")
    if deadline.due_at > (deadline.met_at or timezone.now()):
        raise ValueError("This deadline has not been missed.")
    Deadline.objects.filter(pk=deadline.pk).update(breach_reason=reason)
    deadline.refresh_from_db()
    return deadline


# The sweep ----------------------------------------------------------------------------


def _stage(deadline: Deadline, now: dt.datetime) -> str | None:
    """Which message is due now for this deadline, if any."""
    first = FIRST_STAGE.get(deadline.kind, "remind")
    stamp = deadline.chased_at if first == "chase" else deadline.reminded_at
    if stamp is None and now < deadline.due_at:
        return first
    if deadline.escalated_at is None and now >= deadline.due_at:
        return "escalate"
    return None


def _after(deadline: Deadline, stage: str) -> dt.datetime | None:
    """When the next stage is due, once `stage` is sent."""
    return deadline.due_at if stage in ("remind", "chase") else None


STAMP = {"remind": "reminded_at", "chase": "chased_at", "escalate": "escalated_at"}


def deadlines_sweep(*, now: dt.datetime | None = None, batch: int = 500) -> int:
    """Send every reminder, chaser and escalation due now, each exactly once.
    Returns how many were sent. Safe to run twice at once: rows one sweep has
    locked are skipped by the other, and each stage is claimed by a
    compare-and-set on its stamp."""
    from .messages import stage_notify

    now = now or timezone.now()
    sent = 0
    with transaction.atomic():
        due = list(
            Deadline.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(state=Deadline.State.OPEN, next_action_at__lte=now)
            .select_related("request__area", "request__assigned_to", "phone_referral__area")
            .order_by("next_action_at")[:batch]
        )
        for deadline in due:
            stage = _stage(deadline, now)
            if stage is None:
                Deadline.objects.filter(pk=deadline.pk).update(next_action_at=_after(deadline, "escalate"))
                continue
            claimed = Deadline.objects.filter(pk=deadline.pk, **{f"{STAMP[stage]}__isnull": True}).update(
                **{STAMP[stage]: now}, next_action_at=_after(deadline, stage)
            )
            if not claimed:
                # Nothing got updated: another sweep got there first.
                continue
            stage_notify(deadline, stage)
            sent += 1
    if sent:
        log.info("deadline sweep sent %s", sent)
    return sent


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
