"""Each child's episode of need, recorded by the workflow's own events.

The hub's services call these as a request moves; nobody types a census date.
A child is "in play" while the front door is still working on them; a decision
can give siblings different outcomes, and a child with an outcome is finished
at the front door. A plan or family help hands the child on and leaves the
episode open; any other outcome closes it (docs/decisions/0007).
"""

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from hub.access import covers_area
from hub.audit import audit_record
from hub.models import AuditEvent, User
from lib.dates import TwelveMonthsBefore
from requests_app.models import RequestForSupport
from workflow.states import APPROVED_TO, HANDOVER_OUTCOMES, OPEN_CASE_OUTCOMES, Outcome

from .census_checks import closure_reason_refused
from .models import Episode, Person


def _today(at: dt.datetime | None = None) -> dt.date:
    return timezone.localdate(at or timezone.now())


def contact_received_on(request: RequestForSupport) -> dt.date:
    """When the contact that may become a referral reached the hub: the call, if it was phoned first."""
    phone = request.phone_referral
    return _today(phone.called_at if phone else request.received_at)


def episodes_open(*, request: RequestForSupport) -> list[Episode]:
    """An episode for every child in the request (again: none twice), when the hub first looks at it."""
    existing = set(Episode.objects.filter(child__request=request).values_list("child_id", flat=True))
    Episode.objects.bulk_create(
        Episode(child=child, referral_source=request.cin_referral_source)
        for child in request.children.all()
        if child.pk not in existing
    )
    return list(Episode.objects.filter(child__request=request).order_by("child__position"))


def episodes_in_play(request: RequestForSupport) -> QuerySet[Episode]:
    return Episode.objects.filter(child__request=request, stage=Episode.Stage.IN_PLAY).select_related("child__person")


def episodes_record(*, request: RequestForSupport, **fields) -> int:
    """Record the same event on every child still in play, e.g. the day an assessment started."""
    return episodes_in_play(request).update(**fields)


def episode_finish(
    episode: Episode,
    *,
    outcome: str,
    at: dt.datetime | None = None,
    team=None,
    worker: User | None = None,
    by: User | None = None,
    closure_reason: str = "",
) -> Episode:
    """The child has their outcome. A plan or family help hands them on, open; anything else closes."""
    at = at or timezone.now()
    episode.stage, episode.outcome, episode.finished_at = Episode.Stage.FINISHED, outcome, at
    if outcome in HANDOVER_OUTCOMES:
        episode.handed_to_team, episode.handed_to_worker = team, worker
        if outcome == Outcome.CIN_PLAN:
            episode.cin_plan_start = _today(at)
    else:
        _close(episode, on=_today(at), reason=closure_reason)
    episode.save()
    person_id = episode.child.person_id
    if outcome in OPEN_CASE_OUTCOMES and person_id:
        # Matching sends the next request about this child to whoever now holds the case (rule 6).
        holder = worker or team or by
        name = getattr(holder, "display_name", None) or str(holder or "")
        Person.objects.filter(pk=person_id).update(
            open_case=True, allocated_worker=name, allocated_user=worker, allocated_team=team
        )
    return episode


def episodes_apply(
    *,
    request: RequestForSupport,
    outcome_for,
    at: dt.datetime | None = None,
    team=None,
    worker: User | None = None,
    by: User | None = None,
    closure_reason: str = "",
) -> list[Episode]:
    """Give each child in play their outcome (`outcome_for(child_id)`); those going on stay in play."""
    finished = []
    for episode in episodes_in_play(request):
        outcome = outcome_for(episode.child_id)
        if outcome in APPROVED_TO:
            continue
        finished.append(
            episode_finish(
                episode, outcome=outcome, at=at, team=team, worker=worker, by=by, closure_reason=closure_reason
            )
        )
    return finished


def _close(episode: Episode, *, on: dt.date, reason: str) -> None:
    episode.closed_on, episode.closure_reason = on, reason
    if episode.cin_plan_start and not episode.cin_plan_end:
        episode.cin_plan_end = on
    if episode.cp_plan_start and not episode.cp_plan_end:
        episode.cp_plan_end = on
    # The census's ReferralNFA: a referral that closed with no assessment and no enquiry.
    episode.referral_nfa = episode.is_referral and not (episode.assessment_started_on or episode.s47_started_on)


@transaction.atomic
def episode_close(*, episode: Episode, reason: str, on: dt.date, by: User) -> Episode:
    """Close a child's episode with its census reason, once the work it handed on has ended."""
    request = episode.child.request
    if not (by.has_perm("hub.work_queue") and covers_area(by, request.area_id)):
        raise PermissionDenied("You can only close episodes in your own area.")
    if episode.stage == Episode.Stage.IN_PLAY:
        raise ValueError("The front door is still working on this child: give them an outcome first.")
    if not reason:
        raise ValueError("Select the reason the episode closed.")
    if closure_reason_refused(episode, reason):
        raise ValueError(
            "An episode with a section 47 enquiry or a plan cannot close 'after assessment' (RC8 or RC9): "
            "choose another reason."
        )
    if not episode.is_open:
        if episode.closure_reason and not closure_reason_refused(episode):
            raise ValueError("This episode is already closed.")
        # Closed by a decision that gave no reason, or one the census refuses (2990):
        # record the reason the return needs, keep the date.
        Episode.objects.filter(pk=episode.pk).update(closure_reason=reason)
        audit_record(actor=by, action=AuditEvent.Action.UPDATE, obj=request, detail={"episode_reason": episode.pk})
        episode.refresh_from_db()
        return episode
    if on < _today(episode.finished_at) or on > _today():
        raise ValueError("The closure date must be between the outcome and today.")
    _close(episode, on=on, reason=reason)
    episode.save()
    _open_case_review(episode.child.person_id)
    audit_record(actor=by, action=AuditEvent.Action.UPDATE, obj=request, detail={"episode_closed": episode.pk})
    return episode


def _open_case_review(person_id: int | None) -> None:
    """A child stays an open case while any plan that handed them on is still open (rule 6)."""
    if person_id is None:
        return
    still_open = Episode.objects.filter(
        child__person_id=person_id, outcome__in=OPEN_CASE_OUTCOMES, closed_on__isnull=True
    ).exists()
    if not still_open:
        Person.objects.filter(pk=person_id).update(
            open_case=False, allocated_worker="", allocated_user=None, allocated_team=None
        )


@transaction.atomic
def episode_cp_review_record(*, episode: Episode, on: dt.date, category: str, by: User) -> Episode:
    """A review of the child's protection plan: its date, and the latest category of abuse if it changed."""
    request = episode.child.request
    if not (by.has_perm("hub.work_queue") and covers_area(by, request.area_id)):
        raise PermissionDenied("You can only record reviews for children in your own area.")
    if episode.cp_plan_start is None or episode.cp_plan_end is not None:
        raise ValueError("This child has no child protection plan running.")
    if not episode.cp_plan_start <= on <= _today():
        raise ValueError("The review date must be between the plan's start and today.")
    episode.cp_review_dates = sorted({*episode.cp_review_dates, on.isoformat()})
    episode.latest_category = category or episode.latest_category
    episode.save(update_fields=["cp_review_dates", "latest_category"])
    audit_record(actor=by, action=AuditEvent.Action.UPDATE, obj=request, detail={"cp_review": episode.pk})
    return episode


def previous_cp_plans(episode: Episode) -> int | None:
    """How many child protection plans this child had before this one started (the census's
    NumberOfPreviousCPP). Worked out when asked, so matching the child later still counts right;
    None while the child is not linked to their record."""
    person_id = episode.child.person_id
    if person_id is None or episode.cp_plan_start is None:
        return None
    return Episode.objects.filter(child__person_id=person_id, cp_plan_start__lt=episode.cp_plan_start).count()


def is_rereferral() -> Exists:
    """A referral within 12 months of the same child's previous referral (the census definition),
    as a condition on episodes: `rereferral` asks it of one episode, the dashboard of many at once.
    A child not yet linked to their person record has no earlier referral we can find."""
    anchor = OuterRef("referral_date")
    earlier = Q(referral_date__lt=anchor) | Q(referral_date=anchor, pk__lt=OuterRef("pk"))
    return Exists(
        Episode.objects.filter(
            earlier,
            child__person_id=OuterRef("child__person_id"),
            child__person_id__isnull=False,
            referral_date__gte=TwelveMonthsBefore(anchor),
        )
    )


def rereferral(episode: Episode) -> bool:
    """Whether this child's referral is a re-referral (`is_rereferral`)."""
    return episode.pk in rereferrals([episode])


def rereferrals(episodes: list[Episode]) -> set[int]:
    """Which of these episodes (by id) are re-referrals, in one query: a request's children at once."""
    asked = [e.pk for e in episodes if e.is_referral and e.child.person_id is not None]
    if not asked:
        return set()
    return set(Episode.objects.filter(is_rereferral(), pk__in=asked).values_list("pk", flat=True))
