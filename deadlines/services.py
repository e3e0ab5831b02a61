"""Open, meet and chase deadlines.

A deadline is a row. Each open row carries `next_action_at`: when the sweep
next has something to send (a reminder or chaser before the due time, an
escalation after it). The sweep asks one indexed question, "which open
deadlines have an action due now?", claims those rows, and writes the
notifications in the same transaction. Nothing about time lives in the broker.
"""

import datetime as dt
import logging

from django.db import transaction
from django.utils import timezone

from .messages import stage_notify
from .models import Deadline
from .rules import RULES, Stage, due_time, late_note, reminder_lead

log = logging.getLogger(__name__)


def deadline_open(
    *,
    kind: str,
    started_at: dt.datetime,
    start_event: str,
    area=None,
    request=None,
    phone_referral=None,
    partner_check=None,
    rag: str | None = None,
) -> Deadline:
    """Start a clock: its due time and reminder come from deadlines/rules.py."""
    due_at, unit = due_time(kind=kind, area=area, started_at=started_at, rag=rag)
    return Deadline.objects.create(
        kind=kind,
        request=request,
        phone_referral=phone_referral,
        partner_check=partner_check,
        started_at=started_at,
        start_event=start_event,
        due_at=due_at,
        unit=unit,
        next_action_at=due_at - reminder_lead(kind, area=area, rag=rag),
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


def deadlines_meet(*, request, kind: str, at: dt.datetime | None = None) -> None:
    """Meet every open clock of this kind on a request; one met late is noted as late until a
    worker records why."""
    at = at or timezone.now()
    for deadline in Deadline.objects.filter(request=request, kind=kind, state=Deadline.State.OPEN):
        deadline_meet(deadline=deadline, at=at, breach_reason=late_note(kind) if at > deadline.due_at else "")


def deadlines_cancel(*, request, kind: str) -> int:
    """Stop the open clocks of this kind on a request: they are no longer needed."""
    return Deadline.objects.filter(request=request, kind=kind, state=Deadline.State.OPEN).update(
        state=Deadline.State.CANCELLED
    )


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
    first = FIRST_STAGE.get(deadline.kind, Stage.REMIND)
    stamp = deadline.chased_at if first == Stage.CHASE else deadline.reminded_at
    if stamp is None and now < deadline.due_at:
        return first
    if deadline.escalated_at is None and now >= deadline.due_at:
        return Stage.ESCALATE
    return None


def _after(deadline: Deadline, stage: str) -> dt.datetime | None:
    """When the next stage is due, once `stage` is sent."""
    return deadline.due_at if stage in (Stage.REMIND, Stage.CHASE) else None


STAMP = {Stage.REMIND: "reminded_at", Stage.CHASE: "chased_at", Stage.ESCALATE: "escalated_at"}
# The first message of each kind of clock (deadlines/rules.py); the sweep needs it without an area.
FIRST_STAGE = {kind: rule.first_stage for kind, rule in RULES.items()}


def deadlines_sweep(*, now: dt.datetime | None = None, batch: int = 500) -> int:
    """Send every reminder, chaser and escalation due now, each exactly once.
    Returns how many were sent. Safe to run twice at once: rows one sweep has
    locked are skipped by the other, and each stage is claimed by a
    compare-and-set on its stamp."""
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
