"""How every clock is counted and when it speaks up: the one table of deadline
rules (docs/domain.md §6, rules 8, 12, 18–21). The sweep, the request page and
the services all read it; nothing else knows a deadline's length."""

import datetime as dt
from dataclasses import dataclass

from django.db import models

from hub.area_policy import DeadlineUnit

from .calendar import Calendar, calendar_for

HOURS = "hours"
WORKING_DAYS = DeadlineUnit.WORKING_DAYS
CALENDAR_DAYS = DeadlineUnit.CALENDAR_DAYS


class Kind(models.TextChoices):
    WRITTEN_FOLLOW_UP = "written_follow_up", "Written follow-up of a phoned referral"
    CONTACT_DECISION = "contact_decision", "Decision on a contact"
    SINGLE_ASSESSMENT = "single_assessment", "Single assessment"
    ICPC = "icpc", "Initial child protection conference"
    PARTNER_CHECK = "partner_check", "Partner agency response"
    LADO_NOTIFICATION = "lado_notification", "Tell the LADO"
    OVERRIDE_OVERSIGHT = "override_oversight", "Manager's review of sharing without consent"


# What a clock met late says until a worker records why it was missed. It states a fact, not a
# reason, so timeliness reporting counts these as "no reason recorded".
LATE_NOTE = "Met after the due time"
LATE_NOTES = {
    Kind.WRITTEN_FOLLOW_UP: "Written follow-up arrived after 24 hours",
    Kind.PARTNER_CHECK: "Answered after the RAG time",
}
UNEXPLAINED = frozenset({LATE_NOTE, *LATE_NOTES.values()})


def late_note(kind: str) -> str:
    return LATE_NOTES.get(kind, LATE_NOTE)


class Rag(models.TextChoices):
    """How urgently a partner agency must answer a MASH check."""

    RED = "red", "Red: urgent"
    AMBER = "amber", "Amber"
    GREEN = "green", "Green"


class Stage(models.TextChoices):
    """What the sweep sends for a deadline, in order."""

    REMIND = "remind", "Reminder to the worker"
    CHASE = "chase", "Chaser to the caller"
    ESCALATE = "escalate", "Escalation to managers"


@dataclass(frozen=True)
class ClockRule:
    unit: str  # HOURS, WORKING_DAYS or CALENDAR_DAYS
    amount: int
    reminder_lead: dt.timedelta  # how long before the due time the first message goes
    first_stage: str = Stage.REMIND


RULES: dict[str, ClockRule] = {
    # 24 clock hours from the call to the written follow-up; the caller is chased (rule 8).
    Kind.WRITTEN_FOLLOW_UP: ClockRule(HOURS, 24, dt.timedelta(hours=4), first_stage=Stage.CHASE),
    Kind.CONTACT_DECISION: ClockRule(WORKING_DAYS, 1, dt.timedelta(hours=2)),
    Kind.SINGLE_ASSESSMENT: ClockRule(WORKING_DAYS, 45, dt.timedelta(days=5)),
    Kind.LADO_NOTIFICATION: ClockRule(WORKING_DAYS, 1, dt.timedelta(hours=2)),
    # The seeds set no time for a manager's oversight of an override; one working day is ours.
    Kind.OVERRIDE_OVERSIGHT: ClockRule(WORKING_DAYS, 1, dt.timedelta(hours=2)),
}
# The conference clock's length and unit are each area's setting (rule 18).
ICPC_REMINDER_LEAD = dt.timedelta(days=2)
# Partner checks are due by their RAG rating: red in clock hours, the others in working days.
# The seeds give no times; these are product settings, shown to the partner with each check.
PARTNER_CHECK_RAG: dict[str, ClockRule] = {
    Rag.RED: ClockRule(HOURS, 4, dt.timedelta(hours=1)),
    Rag.AMBER: ClockRule(WORKING_DAYS, 1, dt.timedelta(hours=1)),
    Rag.GREEN: ClockRule(WORKING_DAYS, 3, dt.timedelta(hours=1)),
}


def rule_for(kind: str, *, area=None, rag: str | None = None) -> ClockRule:
    if kind == Kind.ICPC:
        return ClockRule(area.conference_deadline_unit, area.conference_deadline_days, ICPC_REMINDER_LEAD)
    if kind == Kind.PARTNER_CHECK:
        return PARTNER_CHECK_RAG[rag]
    return RULES[kind]


def _count(calendar: Calendar, rule: ClockRule, started_at: dt.datetime) -> tuple[dt.datetime, str]:
    if rule.unit == HOURS:
        return calendar.add_clock_hours(started_at, rule.amount), f"{rule.amount} hours"
    if rule.unit == CALENDAR_DAYS:
        return calendar.add_calendar_days(started_at, rule.amount), f"{rule.amount} days"
    plural = "s" if rule.amount != 1 else ""
    return calendar.add_working_days(started_at, rule.amount), f"{rule.amount} working day{plural}"


def due_time(*, kind: str, area, started_at: dt.datetime, rag: str | None = None) -> tuple[dt.datetime, str]:
    """When a clock of this kind, started now in this area, falls due, and how it was counted in words."""
    return _count(calendar_for(area), rule_for(kind, area=area, rag=rag), started_at)


def reminder_lead(kind: str, *, area=None, rag: str | None = None) -> dt.timedelta:
    return rule_for(kind, area=area, rag=rag).reminder_lead
