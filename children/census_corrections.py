"""Correcting the census details of a child's episode after the event.

The workflow records the census details as the work happens: the primary need with the
referral, the factors when the assessment is authorised, the category of abuse when the plan
starts. When one was missed or is wrong, nothing later in the workflow asks again, so a
worker corrects it here, on the child's page, and the census readiness list empties.
Each answer may be corrected only where the episode has the event it belongs to.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from hub.access import covers_area
from hub.audit import audit_record
from hub.models import AuditEvent, User
from returns.census import AssessmentFactor, CategoryOfAbuse, PrimaryNeed

from .models import Episode

FACTOR_21_ALONE = "'No factors identified' (21) cannot go with other factors"


def census_fields_for(episode: Episode) -> list[str]:
    """The census details this episode has the event for, so the only ones a worker may correct."""
    fields = []
    if episode.is_referral:
        fields.append("primary_need")
    if episode.assessment_started_on or episode.assessment_authorised_on:
        fields.append("assessment_factors")
    if episode.cp_plan_start:
        fields += ["initial_category", "latest_category"]
    return fields


def _refusal(episode: Episode, changes: dict) -> str:
    """Why these answers cannot be recorded on this episode, or "" when they can."""
    allowed = census_fields_for(episode)
    if "primary_need" in changes and "primary_need" not in allowed:
        return "Only a referral has a primary need: this child was not referred."
    if "assessment_factors" in changes and "assessment_factors" not in allowed:
        return "This child has had no assessment, so there are no factors to record."
    if {"initial_category", "latest_category"} & changes.keys() and "initial_category" not in allowed:
        return "This child has no child protection plan, so there is no category of abuse to record."
    if changes.get("primary_need", "") not in ("", *PrimaryNeed.values):
        return "Select a primary need from the census list."
    factors = changes.get("assessment_factors")
    if factors is not None:
        if not factors:
            return "Select the factors identified, or 'No factors identified' (21)."
        if not set(factors) <= set(AssessmentFactor.values):
            return "Select the factors from the census list."
        if AssessmentFactor.NO_FACTORS_IDENTIFIED in factors and len(factors) > 1:
            return FACTOR_21_ALONE
    for field in ("initial_category", "latest_category"):
        if changes.get(field, "") not in ("", *CategoryOfAbuse.values):
            return "Select a category of abuse from the census list."
    if "primary_need" in changes and not changes["primary_need"]:
        return "Select the primary need."
    if "initial_category" in changes and not changes["initial_category"]:
        return "Select the category of abuse when the plan started."
    return ""


@transaction.atomic
def episode_census_correct(
    *,
    episode: Episode,
    by: User,
    primary_need: str | None = None,
    assessment_factors: list[str] | None = None,
    initial_category: str | None = None,
    latest_category: str | None = None,
) -> dict[str, dict]:
    """Correct the census details of a child's episode; None leaves an answer as it is.
    Returns what changed, each as {"from": ..., "to": ...}; the audit row keeps the same."""
    request = episode.child.request
    if not (by.has_perm("hub.work_queue") and covers_area(by, request.area_id)):
        raise PermissionDenied("You can only correct the records of children in your own area.")
    asked = {
        "primary_need": primary_need,
        "assessment_factors": None if assessment_factors is None else sorted(set(assessment_factors)),
        "initial_category": initial_category,
        "latest_category": latest_category,
    }
    asked = {field: value for field, value in asked.items() if value is not None}
    episode = Episode.objects.select_for_update().get(pk=episode.pk)
    if refusal := _refusal(episode, asked):
        raise ValueError(refusal)
    if "assessment_factors" in asked:
        # The same factors in another order are no change.
        asked["assessment_factors"] = sorted(asked["assessment_factors"], key=AssessmentFactor.values.index)
    changed = {
        field: {"from": getattr(episode, field), "to": value}
        for field, value in asked.items()
        if getattr(episode, field) != value
    }
    if not changed:
        raise ValueError("Nothing has changed: correct at least one of the census details.")
    Episode.objects.filter(pk=episode.pk).update(**{field: change["to"] for field, change in changed.items()})
    # Census codes only, as the referral source's correction records them: never free text.
    audit_record(
        actor=by,
        action=AuditEvent.Action.UPDATE,
        obj=request,
        detail={"census_corrected": episode.pk, "changed": changed},
    )
    return changed
