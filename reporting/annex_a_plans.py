"""Annex A lists 2, 6 and 7: early help, children in need and child protection.

The front door hands these children on, so the record holds only part of what the lists ask:
each list's notes say which columns are left blank because the service does not hold them.
Nothing is filled in by guessing.
"""

import datetime as dt
from collections.abc import Iterable

from django.db.models import Q

from requests_app.models import Child
from workflow.states import EmergencyAction

from . import annex_a_codes as codes
from .annex_a_columns import (
    ALLOCATED_HEADERS,
    CHILD_HEADERS,
    DISABILITY_HEADER,
    EPISODE_VALUES,
    AnnexAList,
    allocated,
    as_values,
    child_columns,
    episodes_in,
    has_disability,
    ordered,
)
from .characteristics import previous_cp_plans

# List 2: early help assessments are made by the early help service, not at the front door.
LIST_2 = AnnexAList(
    number=2,
    title="Early help",
    headers=(
        *CHILD_HEADERS,
        "Assessment start date",
        "Assessment completion date",
        "Organisation completing assessment",
    ),
    records=lambda area_ids, first, last: Child.objects.none(),
    row=lambda child, last: [],
    area_field="request__area_id",
    notes=(
        "Not held: Support Hub records the children it steps down to early help, but not the early help "
        "assessment, its dates or who completed it, so this list has no rows. Take it from the early help "
        "service's own system.",
    ),
)


def _open_during(start_field: str, end_field: str, first: dt.date, last: dt.date) -> Q:
    """Started by the last day, and not ended before the first."""
    return Q(**{f"{start_field}__lte": last}) & (
        Q(**{f"{end_field}__isnull": True}) | Q(**{f"{end_field}__gte": first})
    )


def _by(day: dt.date | None, last: dt.date) -> dt.date | None:
    """A date only if it had happened by the period's last day."""
    return day if day is not None and day <= last else None


# List 6: every child in need episode (from referral) open at any point in the period.
def _children_in_need(area_ids: Iterable[int], first: dt.date, last: dt.date):
    episodes = episodes_in(area_ids).filter(_open_during("referral_date", "closed_on", first, last))
    return as_values(ordered(episodes, "referral_date"), EPISODE_VALUES)


def _case_status(episode, last: dt.date) -> str:
    """Where the episode stood on the last day. Looked after is not held; a referral not yet
    assessed matches none of the template's statuses and is left blank."""
    if _by(episode.closed_on, last):
        return "e) Closed episode"
    if _by(episode.cp_plan_start, last) and not _by(episode.cp_plan_end, last):
        return "b) Child Protection plan"
    if _by(episode.cin_plan_start, last) and not _by(episode.cin_plan_end, last):
        return "c) Child in need plan"
    if _by(episode.assessment_started_on, last) and not _by(episode.assessment_authorised_on, last):
        return "d) Open assessment"
    return ""


CASE_STATUS_CODES = ("a) Looked after child", "b) Child Protection plan", "c) Child in need plan")
CASE_STATUS_CODES += ("d) Open assessment", "e) Closed episode")


def _child_in_need_row(episode, last: dt.date) -> list:
    closed = _by(episode.closed_on, last)
    return [
        *child_columns(episode, last),
        codes.yes_no(has_disability(episode)),
        codes.date(episode.referral_date),
        codes.PRIMARY_NEED.get(episode.primary_need, codes.PRIMARY_NEED["N0"]),
        "",  # Date Child Was Last Seen: not held.
        codes.date(closed),
        codes.CLOSURE_REASON.get(episode.closure_reason, "") if closed else "",
        _case_status(episode, last),
        *allocated(episode, holder_first=True),
    ]


LIST_6 = AnnexAList(
    number=6,
    title="Children in need",
    headers=(
        *CHILD_HEADERS,
        DISABILITY_HEADER,
        "CIN Start Date",
        "Primary Need Code",
        "Date Child Was Last Seen",
        "CIN Closure Date",
        "Reason for Closure",
        "Case Status",
        *ALLOCATED_HEADERS,
    ),
    records=_children_in_need,
    row=_child_in_need_row,
    area_field="child__request__area_id",
    notes=(
        "Children in need are the episodes that began with a referral and were open at any point in the period; "
        "CIN Start Date is the referral date.",
        "Not held: the date the child was last seen (left blank), and whether a child is looked after "
        "(no row says 'a) Looked after child'). A referral not yet assessed has no Case Status.",
        "A primary need nobody has recorded is written 'N0 - Not stated'. Allocated Team and Worker are "
        "those the child was handed on to, or else those the request was assigned to.",
    ),
)


# List 7: every child protection plan open at any point in the period.
def _protection_plans(area_ids: Iterable[int], first: dt.date, last: dt.date):
    episodes = (
        episodes_in(area_ids)
        .filter(cp_plan_start__isnull=False, **{"cp_plan_start__lte": last})
        .filter(Q(cp_plan_end__isnull=True) | Q(cp_plan_end__gte=first))
    )
    counted = episodes.annotate(plans_before=previous_cp_plans())
    return as_values(ordered(counted, "cp_plan_start"), EPISODE_VALUES, "plans_before")


def _protected_recently(episode, last: dt.date) -> bool | None:
    """Yes where the front door recorded police protection or an EPO in the six months to the last
    day; otherwise unknown, because one taken elsewhere is not held."""
    taken = episode.emergency_action in (EmergencyAction.EPO, EmergencyAction.POLICE_PROTECTION)
    when = episode.strategy_discussion_at.date() if episode.strategy_discussion_at else None
    if taken and when and last - dt.timedelta(days=183) <= when <= last:
        return True
    return None


def _protection_row(episode, last: dt.date) -> list:
    reviews = [day for day in sorted(episode.cp_review_dates) if day <= last.isoformat()]
    initial = codes.CATEGORY_OF_ABUSE.get(episode.initial_category, "")
    return [
        *child_columns(episode, last),
        codes.yes_no(has_disability(episode)),
        codes.date(episode.cp_plan_start),
        initial,
        codes.CATEGORY_OF_ABUSE.get(episode.latest_category, initial),
        "",  # Date of the Last Statutory Visit: not held.
        "",  # Was the Child Seen Alone?: not held.
        codes.date(dt.date.fromisoformat(reviews[-1])) if reviews else "",
        codes.date(_by(episode.cp_plan_end, last)),
        codes.yes_no(_protected_recently(episode, last)),
        episode.plans_before,
        *allocated(episode, holder_first=True),
    ]


LIST_7 = AnnexAList(
    number=7,
    title="Child protection",
    headers=(
        *CHILD_HEADERS,
        DISABILITY_HEADER,
        "Child Protection Plan Start Date",
        "Initial Category of Abuse",
        "Latest Category of Abuse",
        "Date of the Last Statutory Visit",
        "Was the Child Seen Alone?",
        "Date of latest review conference",
        "Child Protection Plan End Date",
        "Subject to Emergency Protection Order or Protected Under Police Powers in Last Six Months (Y/N)",
        "Number of Previous Child Protection Plans",
        *ALLOCATED_HEADERS,
    ),
    records=_protection_plans,
    row=_protection_row,
    area_field="child__request__area_id",
    notes=(
        "Not held: statutory visits and whether the child was seen alone (left blank).",
        "Emergency protection is 'a) Yes' where the front door recorded police protection or an emergency "
        "protection order in the six months to the period's end, and 'c) Unknown' otherwise: one taken "
        "elsewhere is not held.",
        "Number of Previous Child Protection Plans counts the child's plans that started before this one.",
    ),
)
