"""What every Annex A list shares: the list's shape, the five columns about the child that open
each list, who the work is allocated to, and "how many in the 12 months before"."""

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db.models import Count, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from children.models import Episode
from hub.models import user_display_name
from lib.dates import TwelveMonthsBefore, age_on

from . import annex_a_codes as codes
from .characteristics import child_ethnicity, child_has_disability, child_sex

CHILD_HEADERS = ("Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age of Child (Years)")
ALLOCATED_HEADERS = ("Allocated Team", "Allocated Worker")
DISABILITY_HEADER = "Does the Child have a Disability"

# Every list reads its rows as values, never as models: a county's year is tens of thousands of rows,
# and building the episode, child, person, request, worker and team for each was most of an export's
# time (docs/performance.md, "Exports"). Each row is a named tuple whose names are those below, the
# same whether it comes from a child (list 1) or an episode (the others, through "child__").
CHILD_VALUES = {
    "la_child_id": "person__la_child_id",
    "request_reference": "request__reference",
    "position": "position",
    "sex": "sex",
    "ethnicity": "ethnicity",
    "date_of_birth": "date_of_birth",
    "disability": "disability",
    "disabilities": "person__disabilities",
}
# The episode's own dates and answers that the lists read.
_EPISODE_OWN = (
    *("handed_to_team_id", "handed_to_worker_id", "referral_date", "referral_source", "referral_nfa"),
    *("primary_need", "closed_on", "closure_reason", "child_seen"),
    *("assessment_started_on", "assessment_authorised_on", "cin_plan_start", "cin_plan_end"),
    *("s47_started_on", "icpc_on", "icpc_not_required"),
    *("cp_plan_start", "cp_plan_end", "initial_category", "latest_category", "cp_review_dates"),
)
_WORKER = {"first_name": "first_name", "last_name": "last_name", "username": "username"}
# Each episode list's row: the child's values, who holds the work (the worker the request was
# assigned to and their team, or whoever the child was handed on to), and the episode's own dates
# and answers. A name a row reads that is not here fails every export of that list, in the tests.
EPISODE_VALUES = {
    **{name: f"child__{path}" for name, path in CHILD_VALUES.items()},
    "request_source": "child__request__cin_referral_source",
    "emergency_action": "child__request__emergency_action",
    "strategy_discussion_at": "child__request__strategy_discussion_at",
    "team": "child__request__assigned_to__team__name",
    **{f"worker_{name}": f"child__request__assigned_to__{path}" for name, path in _WORKER.items()},
    "handed_team": "handed_to_team__name",
    **{f"handed_{name}": f"handed_to_worker__{path}" for name, path in _WORKER.items()},
    **{name: name for name in _EPISODE_OWN},
}


def as_values(queryset: QuerySet, columns: dict[str, str], *annotated: str) -> QuerySet:
    """The queryset's rows as named tuples of `columns` (name -> field path) and any `annotated`
    names it already carries."""
    renamed = {name: F(path) for name, path in columns.items() if name != path}
    return queryset.annotate(**renamed).values_list(*columns, *annotated, named=True)


@dataclass(frozen=True)
class AnnexAList:
    """One Ofsted Annex A list: its headers, the records it is drawn from, and one row per record."""

    number: int
    title: str
    headers: tuple[str, ...]
    # (area ids, first day, last day) -> the records, one per row, each annotated as `row` needs.
    records: Callable[[Iterable[int], dt.date, dt.date], QuerySet]
    # (record, last day) -> the row's values, in the order of `headers`.
    row: Callable[[object, dt.date], list]
    # The field that says which area a record belongs to, for the audit trail's counts.
    area_field: str
    notes: tuple[str, ...] = field(default=())


def child_id(child) -> str:
    """The return identifier: the person record's LA child ID, never a name. A child not yet matched
    to a person record has none, so the request's reference and the child's place in it stand in."""
    if child.la_child_id is not None:
        return child.la_child_id
    return f"{child.request_reference}-{child.position + 1}"


def child_columns(child, last_day: dt.date) -> list:
    """The five columns that open every list, from a row holding CHILD_VALUES. Age is in whole
    years on the last day of the period, so the same export run twice gives the same ages."""
    return [
        child_id(child),
        codes.gender(child_sex(child.sex)),
        codes.ethnicity(child_ethnicity(child.ethnicity)),
        codes.date(child.date_of_birth),
        "" if child.date_of_birth is None else age_on(child.date_of_birth, last_day),
    ]


def has_disability(child) -> bool | None:
    """Whether a row's child has a disability (reporting.characteristics.child_has_disability)."""
    return child_has_disability(disabilities=child.disabilities, answer=child.disability)


def allocated(episode, *, holder_first: bool = False) -> list[str]:
    """The team and worker the request was assigned to, from a row holding EPISODE_VALUES. For a
    plan (`holder_first`), whoever the child was handed on to, where the record names them."""
    if holder_first and (episode.handed_to_team_id or episode.handed_to_worker_id):
        worker = (episode.handed_first_name, episode.handed_last_name, episode.handed_username)
        return [episode.handed_team or "", user_display_name(*worker)]
    worker = (episode.worker_first_name, episode.worker_last_name, episode.worker_username)
    return [episode.team or "", user_display_name(*worker)]


def earlier_within_a_year(date_field: str, *, counted: str | None = None) -> Coalesce:
    """How many other episodes of the same child have `counted` (by default the same date) in the
    12 months up to this episode's `date_field`. The current event is never counted (as the SSD
    does): an earlier day, or the same day recorded before it. A child not yet matched to a person
    record has no other episodes we can find, so counts 0."""
    counted = counted or date_field
    anchor = OuterRef(date_field)
    before = Q(**{f"{counted}__lt": anchor}) | (Q(**{counted: anchor}) & Q(pk__lt=OuterRef("pk")))
    others = (
        Episode.objects.filter(before, child__person_id=OuterRef("child__person_id"))
        .filter(**{f"{counted}__gte": TwelveMonthsBefore(anchor)})
        .exclude(pk=OuterRef("pk"))
        .order_by()
        .values("child__person_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(others, output_field=IntegerField()), Value(0))


def episodes_in(area_ids: Iterable[int]) -> QuerySet[Episode]:
    return Episode.objects.filter(child__request__area_id__in=list(area_ids))


def ordered(queryset: QuerySet, date_field: str) -> QuerySet:
    """Rows in date order, ties broken by id, so two runs give the same file."""
    return queryset.order_by(F(date_field).asc(), "pk")
