"""A row of the queue as plain values: what it shows, what its clock is counted with, and what the
audit records of it.

The queue only reads its rows. Built as model instances (the request, its area, its worker and its
proposed decision, each through Django's Model.__init__, the request's through django-fsm's too, which
looks at every field for its state fields) a page of fifty took about 2.5 ms; as values, about a
tenth of that (docs/performance.md, "Eighth round").
"""

import datetime as dt
import json
from dataclasses import dataclass
from typing import ClassVar, NamedTuple

from deadlines.clocks import Clock
from hub.models import user_display_name
from requests_app.models import Child, RequestForSupport
from workflow.states import Outcome

# What a row is read with, in the order QueueEntry.from_values takes them: the queue's query annotates
# `next_due` (the nearest open clock) and, on PostgreSQL, READ_WITH_ROW.
SHOWN = (
    *("pk", "reference", "area_id", "immediate_risk", "level_requested", "referrer_agency", "received_at"),
    *("area__office_hours", "assigned_to__first_name", "assigned_to__last_name", "assigned_to__username"),
    *("pending_decision__outcome", "next_due"),
)
READ_WITH_ROW = ("area_closure_dates", "children_listed")
_OUTCOMES = dict(Outcome.choices)


class QueueChild(NamedTuple):
    """What a queue row shows of a child."""

    first_name: str
    last_name: str
    unborn: bool
    date_of_birth: dt.date | None


@dataclass(slots=True)
class QueueEntry:
    # The record a row stands for, as the audit trail names it (hub.audit.audit_listed).
    audited_as: ClassVar[type] = RequestForSupport

    pk: int
    reference: str
    area_id: int
    immediate_risk: bool
    level_requested: int
    referrer_agency: str
    received_at: dt.datetime
    office_hours: dict | None
    assigned_to: str  # the worker's name; "" when nobody has it
    proposed_outcome: str  # the pending decision's outcome, as a worker reads it; "" when none
    next_due: dt.datetime | None
    closure_dates: list[dt.date] | None = None  # None: not read with the row (deadlines.clocks reads them)
    children: list[QueueChild] | None = None
    clock: Clock | None = None

    @classmethod
    def from_values(cls, row: tuple, hours_seen: dict) -> "QueueEntry":
        """One row as read (SHOWN, then READ_WITH_ROW when it was). `hours_seen` holds each area's
        office hours decoded, so a page decodes each area's once, not once a row."""
        pk, reference, area_id, risk, level, agency, received, hours, first, last, username, outcome, due, *rest = row
        if isinstance(hours, str):
            hours = hours_seen[hours] if hours in hours_seen else hours_seen.setdefault(hours, json.loads(hours))
        closure_dates, listed = rest or (None, None)
        return cls(
            pk,
            reference,
            area_id,
            risk,
            level,
            agency,
            received,
            hours,
            user_display_name(first, last, username),
            _OUTCOMES.get(outcome, outcome or ""),
            due,
            closure_dates,
            None if not rest else [_child(*child) for child in _json(listed) or []],
        )


def _json(value):
    """A JSON column as Python: the ORM decodes it; a compiled query's rows (lib/compiled.py) hold the
    text PostgreSQL sent, as Django's driver settings leave it for JSONField.from_db_value."""
    return json.loads(value) if isinstance(value, str) else value


def _child(first_name: str, last_name: str, unborn: bool, born: str | None) -> QueueChild:
    return QueueChild(first_name, last_name, unborn, dt.date.fromisoformat(born) if born else None)


def queue_children_attach(entries: list[QueueEntry]) -> None:
    """Give each entry not read with its children (SQLite, for `make run`) its children, in their
    order on the form, in one query for the page."""
    missing = {entry.pk: entry for entry in entries if entry.children is None}
    if not missing:
        return
    for entry in missing.values():
        entry.children = []
    children = (
        Child.objects.filter(request_id__in=list(missing))
        .order_by("request_id", "position", "pk")
        .values_list("request_id", "first_name", "last_name", "unborn", "date_of_birth")
    )
    for request_id, *child in children:
        missing[request_id].children.append(QueueChild(*child))
