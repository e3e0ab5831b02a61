"""Open, meet and chase deadlines.

A deadline is a row. Each open row carries `next_action_at`: when the sweep
next has something to send (a reminder or chaser before the due time, an
escalation after it). The sweep asks one indexed question, "which open
deadlines have an action due now?", claims those rows, and writes the
notifications in the same transaction. Nothing about time lives in the broker.
"""

import datetime as dt
import logging
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection, transaction
from django.db.models import Case, DateTimeField, F, Value, When
from django.utils import timezone

from hub.selectors import areas_managers
from lib.compiled import CompiledRows
from lib.pg_arrays import int_array, text_array
from notifications.services import notifications_create_many

from .messages import DUE_FIELDS, Due, due_area_id, stage_messages
from .models import Deadline
from .rules import RULES, Stage, due_time, late_note, reminder_lead

log = logging.getLogger(__name__)


def deadline_open(**fields) -> Deadline:
    """Start a clock: its due time and reminder come from deadlines/rules.py (deadline_build's
    keywords: kind, started_at, start_event, and its area, request, call or check, and RAG rating)."""
    deadline = deadline_build(**fields)
    deadline.save(force_insert=True)
    return deadline


def deadline_build(
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
    """A clock as deadline_open starts it, not yet written: for a caller that writes several new
    rows together (lib/new_rows.py)."""
    due_at, unit = due_time(kind=kind, area=area, started_at=started_at, rag=rag)
    return Deadline(
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


def _stage(due: Due, now: dt.datetime) -> str | None:
    """Which message is due now for this deadline, if any."""
    first = FIRST_STAGE.get(due.kind, Stage.REMIND)
    stamp = due.chased_at if first == Stage.CHASE else due.reminded_at
    if stamp is None and now < due.due_at:
        return first
    if due.escalated_at is None and now >= due.due_at:
        return Stage.ESCALATE
    return None


STAMP = {Stage.REMIND: "reminded_at", Stage.CHASE: "chased_at", Stage.ESCALATE: "escalated_at"}
# The first message of each kind of clock (deadlines/rules.py); the sweep needs it without an area.
FIRST_STAGE = {kind: rule.first_stage for kind, rule in RULES.items()}


def deadlines_sweep(*, now: dt.datetime | None = None, batch: int = 1000) -> int:
    """Send every reminder, chaser and escalation due now (up to `batch` of them),
    each exactly once. Returns how many were sent.

    Set-based, so a batch costs the same few queries whatever it holds: one
    SELECT ... FOR UPDATE SKIP LOCKED claims the due rows, the area managers of
    the whole batch are read at once, one UPDATE stamps every stage sent and
    moves each row's next action on (the messages are written out while it runs),
    and the outbox rows go in with one INSERT.
    Safe to run twice at once: rows one sweep has locked are skipped by the
    other, and a row is not due again once the sweep that locked it commits.
    A failure anywhere rolls the whole batch back, stamps and messages together.
    """
    now = now or timezone.now()
    with transaction.atomic():
        due = _claim(now, batch)
        if not due:
            return 0
        stages = {row.pk: _stage(row, now) for row in due}
        sending = [row for row in due if stages[row.pk]]
        managers = areas_managers({due_area_id(row) for row in sending}) if sending else {}
        with _stamping(stages, now):
            # Nothing in here may ask the database: the stamp's answer is still to be read.
            messages = [
                note for row in sending for note in stage_messages(row, stages[row.pk], managers[due_area_id(row)])
            ]
        notifications_create_many(messages)
    if sending:
        log.info("deadline sweep sent %s", len(sending))
    return len(sending)


def _claim(now: dt.datetime, batch: int) -> list[Due]:
    """Lock up to `batch` open deadlines with an action due, skipping any another sweep holds,
    and read each one's DUE_FIELDS. On PostgreSQL it is compiled once per process and batch size
    (lib/compiled.py): Django took longer to compile it (about 3 ms) than PostgreSQL took to run it,
    and plain rows made into tuples cost a few hundred microseconds where the ORM's dictionaries
    took 3 ms. SQLite (`make run`) returns times as text, which only the ORM reads back as times."""
    if batch < 1:
        return []
    if connection.vendor != "postgresql":
        return list(map(Due._make, _due(now, batch)))
    if batch not in _CLAIMS:
        _CLAIMS[batch] = CompiledRows(lambda at: _due(at, batch))
    return list(map(Due._make, _CLAIMS[batch].rows(now)))


def _due(now: dt.datetime, batch: int):
    return (
        Deadline.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(state=Deadline.State.OPEN, next_action_at__lte=now)
        .order_by("next_action_at")
        .values_list(*DUE_FIELDS)[:batch]
    )


# One compiled claim per batch size: the task's own, and whatever a bench or a test asks for.
_CLAIMS: dict[int, CompiledRows] = {}


@contextmanager
def _stamping(stages: dict[int, str | None], now: dt.datetime) -> Iterator[None]:
    """One UPDATE for the whole batch: each row's stage stamped, its next action
    moved on (to the due time after a reminder or chaser, else to none).
    The rows are locked by this transaction until it commits, so the stamps
    `_stage` read are current: no other sweep can have sent these stages.
    (SQLite, for `make run`, has no row locks but lets one writer in at a time.)

    On PostgreSQL the UPDATE is sent, and the block runs while the database carries it out: the
    sweep writes its messages out meanwhile, rather than waiting for it (in process, the UPDATE of
    1,000 rows took 28 to 33 ms and writing 2,000 messages 13 to 16 ms; a sweep of 1,000 due took
    144 and 150 ms against 153 and 163 ms waiting). Psycopg's pipeline sends without waiting for
    the answer, which is read as the block ends; an error is raised there, as Django's (its
    wrapping is put around the pipeline, as lib/new_rows.py does)."""
    if connection.vendor != "postgresql":
        _stamp_each_stage(stages, now)
        yield
        return
    # Two array parameters, the ids and their stages, rather than the three thousand
    # an IN list per stage takes (psycopg spent longer quoting those than the UPDATE took).
    cursor = connection.cursor()
    with cursor, connection.wrap_database_errors, connection.connection.pipeline():
        cursor.execute(
            _STAMP_SQL.format(table=connection.ops.quote_name(Deadline._meta.db_table)),
            {
                "now": now,
                "ids": int_array(stages),
                "stages": text_array(stages.values()),
                **{stage.name.lower(): stage.value for stage in STAMP},
            },
        )
        yield


def _stamp_each_stage(stages: dict[int, str | None], now: dt.datetime) -> None:
    """`_stamping`'s UPDATE through the ORM, for SQLite."""
    sent = {stage: [pk for pk, s in stages.items() if s == stage] for stage in STAMP}
    Deadline.objects.filter(pk__in=stages).update(
        **{
            column: Case(When(pk__in=sent[stage], then=Value(now)), default=F(column))
            for stage, column in STAMP.items()
            if sent[stage]
        },
        next_action_at=Case(
            When(pk__in=sent[Stage.REMIND] + sent[Stage.CHASE], then=F("due_at")),
            default=Value(None, output_field=DateTimeField()),
        ),
    )


# The same as the ORM's UPDATE in _stamp_each_stage, for PostgreSQL: a stage of NULL stamps nothing
# and leaves no next action.
_STAMP_SQL = """
UPDATE {table} AS d SET
  reminded_at = CASE WHEN t.stage = %(remind)s THEN %(now)s ELSE d.reminded_at END,
  chased_at = CASE WHEN t.stage = %(chase)s THEN %(now)s ELSE d.chased_at END,
  escalated_at = CASE WHEN t.stage = %(escalate)s THEN %(now)s ELSE d.escalated_at END,
  next_action_at = CASE WHEN t.stage IN (%(remind)s, %(chase)s) THEN d.due_at END
FROM unnest(%(ids)s::bigint[], %(stages)s::text[]) AS t(id, stage)
WHERE d.id = t.id
"""
