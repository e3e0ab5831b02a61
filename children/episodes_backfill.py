"""Give requests recorded before per-child episodes an episode for each child.

Used by migration children 0004 with the models as they were then, and tested
directly. Before episodes, a request's outcome, census fields and closure were
recorded once for all its children, so each child's episode takes them all.
"""

from django.utils import timezone

from workflow.states import HANDOVER_OUTCOMES, Outcome, State

from .models import new_la_child_id

NOT_LOOKED_AT = {State.SUBMITTED}
# A step not retained stays in play until the daily purge deletes it, as it does live.
STILL_AT_FRONT_DOOR = {
    State.NOT_RETAINED,
    State.TRIAGE_STEP,
    State.CONTACT,
    State.AWAITING_APPROVAL,
    State.REFERRAL,
    State.SINGLE_ASSESSMENT,
    State.STRATEGY_DISCUSSION,
    State.S47_ENQUIRY,
    State.ICPC,
}
AFTER_REFERRAL = {State.REFERRAL, State.SINGLE_ASSESSMENT, State.STRATEGY_DISCUSSION, State.S47_ENQUIRY, State.ICPC}


def la_child_ids_fill(person_model) -> int:
    filled = 0
    for person in person_model.objects.filter(la_child_id__isnull=True).only("pk"):
        person_model.objects.filter(pk=person.pk).update(la_child_id=new_la_child_id())
        filled += 1
    return filled


def _date(moment):
    return timezone.localdate(moment) if moment else None


def _episode_fields(request) -> dict:
    moves = {record.name: record.at for record in request.history.all()}
    referred = request.status in AFTER_REFERRAL or "start_s47" in moves or "start_assessment" in moves
    referred = referred or any(record.to_state == State.REFERRAL for record in request.history.all())
    icpc = request.deadlines.filter(kind="icpc").order_by("-due_at").first()
    finished = request.status not in STILL_AT_FRONT_DOOR
    phone = request.phone_referral
    fields = {
        "stage": "finished" if finished else "in_play",
        "level_decided": request.level_decided,
        "outcome": request.outcome,
        "finished_at": request.closed_at if finished else None,
        "referral_source": request.cin_referral_source,
        "referral_date": _date(phone.called_at if phone else request.received_at) if referred else None,
        "primary_need": request.cin_primary_need,
        "assessment_started_on": _date(moves.get("start_assessment")),
        "assessment_authorised_on": _date(request.cin_authorised_at),
        "assessment_factors": request.cin_assessment_factors or [],
        "child_seen": request.cin_child_seen,
        "s47_started_on": _date(request.strategy_discussion_at),
        "icpc_target": _date(icpc.due_at) if icpc else None,
        "icpc_on": _date(request.icpc_held_at),
        # An enquiry that ended without a conference: the census's ICPCnotRequired.
        "icpc_not_required": bool(
            request.strategy_discussion_at and finished and not request.icpc_held_at and request.status != State.ICPC
        ),
        "cin_plan_start": _date(request.closed_at) if request.outcome == Outcome.CIN_PLAN else None,
        "cp_plan_start": _date(request.icpc_held_at) if request.outcome == Outcome.CP_PLAN else None,
    }
    if finished and request.outcome not in HANDOVER_OUTCOMES:
        fields["closed_on"] = _date(request.closed_at)
        fields["closure_reason"] = request.cin_closure_reason
        fields["referral_nfa"] = referred and not (fields["assessment_started_on"] or fields["s47_started_on"])
    return fields


def episodes_backfill(*, request_model, episode_model) -> int:
    """An episode for each child of each request the hub has looked at; none twice."""
    made = 0
    looked_at = request_model.objects.exclude(status__in=NOT_LOOKED_AT).select_related("phone_referral")
    for request in looked_at.prefetch_related("children", "history"):
        fields = _episode_fields(request)
        for child in request.children.all():
            _, created = episode_model.objects.get_or_create(child_id=child.pk, defaults=fields)
            made += created
    return made
