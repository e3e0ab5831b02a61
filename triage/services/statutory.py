"""Assessment, section 47 enquiries and the child protection conference (rules 15–19)."""

import datetime as dt

from django.db import transaction

from deadlines.models import Deadline
from deadlines.services import deadline_open, deadlines_meet
from hub.models import User
from requests_app.models import RequestForSupport
from thresholds.choices import StatutoryBasis
from workflow.fsm import TransitionRefused
from workflow.states import DecisionKind

from ..models import TransitionRecord
from .closing import request_close
from .moving import locked, move


@transaction.atomic
def assessment_start(*, request: RequestForSupport, by: User) -> TransitionRecord:
    return move(locked(request), "start_assessment", by=by)


@transaction.atomic
def assessment_extend(*, request: RequestForSupport, by: User, reason: str) -> TransitionRecord:
    """Mark the assessment complex, with the reason (it stays within 45 working days, rule 19)."""
    if not reason.strip():
        raise TransitionRefused("Give the reason the assessment is complex.")
    return move(locked(request), "extend_assessment", by=by, reason=reason, data={"complex": True}, reason_text=reason)


@transaction.atomic
def s47_start(*, request: RequestForSupport, by: User, reasons: str) -> TransitionRecord:
    if not reasons.strip():
        raise TransitionRefused("Give the reasons for a section 47 enquiry.")
    request = locked(request)
    request.statutory_basis = StatutoryBasis.S47
    return move(request, "start_s47", by=by, reason=reasons)


@transaction.atomic
def strategy_discussion_record(
    *, request: RequestForSupport, by: User, held_at: dt.datetime, attendees: str, reasons: str
) -> TransitionRecord:
    if not attendees.strip():
        raise TransitionRefused("Record who took part in the strategy discussion.")
    request = locked(request)
    request.strategy_discussion_at = held_at
    request.strategy_attendees = attendees
    request.statutory_basis = StatutoryBasis.S47
    record = move(
        request,
        "record_strategy_discussion",
        by=by,
        reason=reasons,
        data={"held_at": held_at.isoformat(), "attendees": attendees},
    )
    # The conference clock runs from the strategy discussion (rule 18).
    deadline_open(
        kind=Deadline.Kind.ICPC,
        request=request,
        area=request.area,
        started_at=held_at,
        start_event="Strategy discussion",
    )
    return record


@transaction.atomic
def icpc_record(
    *, request: RequestForSupport, by: User, held_at: dt.datetime, outcome: str, reasons: str = ""
) -> TransitionRecord:
    request = locked(request)
    request.icpc_held_at = held_at
    record = move(request, "record_icpc", by=by, reason=reasons, data={"held_at": held_at.isoformat()}, outcome=outcome)
    deadlines_meet(request=request, kind=Deadline.Kind.ICPC, at=held_at)
    request_close(request, by=by, kind=DecisionKind.S47, reasons=reasons)
    return record
