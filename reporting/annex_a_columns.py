"""What every Annex A list shares: the list's shape, the five columns about the child that open
each list, who the work is allocated to, and "how many in the 12 months before"."""

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db.models import Count, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from children.models import Episode
from lib.dates import TwelveMonthsBefore, age_on
from requests_app.models import Child

from . import annex_a_codes as codes
from .characteristics import child_ethnicity, child_sex

CHILD_HEADERS = ("Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age of Child (Years)")
ALLOCATED_HEADERS = ("Allocated Team", "Allocated Worker")
DISABILITY_HEADER = "Does the Child have a Disability"

# Every episode list reads the child, their person record, the request and who holds the work, in one query.
CHILD_RELATED = ("person", "request__assigned_to__team")
EPISODE_RELATED = (*(f"child__{name}" for name in CHILD_RELATED), "handed_to_team", "handed_to_worker")
# ...and only the columns the rows use. A request's row is wide (the referrer's answers) and a model
# with a state machine is slow to build: loading them whole was most of a county's year's export
# (docs/performance.md, "Exports"). A field a row reads that is missing here would cost a query per
# row, which tests/reporting/test_annex_a_lists.py's query count catches.
_WORKER = ("first_name", "last_name", "username", "team__name")
# List 1 reads two columns of a contact's request, and reads them as columns (annex_a._contacts).
CONTACT_FIELDS = (
    *("position", "sex", "ethnicity", "date_of_birth", "disability"),
    *("person", "person__la_child_id", "person__disabilities"),
)
CHILD_FIELDS = (
    *CONTACT_FIELDS,
    *("request", "request__reference", "request__status", "request__cin_referral_source"),
    *("request__emergency_action", "request__strategy_discussion_at", "request__assigned_to"),
    *(f"request__assigned_to__{name}" for name in _WORKER),
)
EPISODE_FIELDS = (
    *(field.name for field in Episode._meta.concrete_fields),
    *(f"child__{name}" for name in CHILD_FIELDS),
    "handed_to_team__name",
    *(f"handed_to_worker__{name}" for name in _WORKER[:3]),
)


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


def child_id(child: Child) -> str:
    """The return identifier: the person record's LA child ID, never a name. A child not yet matched
    to a person record has none, so the request's reference and the child's place in it stand in."""
    if child.person is not None:
        return child.person.la_child_id
    # List 1 reads the request's reference as a column (annex_a._contacts); the others, the request.
    reference = getattr(child, "request_reference", None) or child.request.reference
    return f"{reference}-{child.position + 1}"


def child_columns(child: Child, last_day: dt.date) -> list:
    """The five columns that open every list. Age is in whole years on the last day of the period,
    so the same export run twice gives the same ages."""
    return [
        child_id(child),
        codes.gender(child_sex(child)),
        codes.ethnicity(child_ethnicity(child)),
        codes.date(child.date_of_birth),
        "" if child.date_of_birth is None else age_on(child.date_of_birth, last_day),
    ]


def allocated(episode: Episode, *, holder_first: bool = False) -> list[str]:
    """The team and worker the request was assigned to. For a plan (`holder_first`), whoever the
    child was handed on to, where the record names them."""
    if holder_first and (episode.handed_to_team_id or episode.handed_to_worker_id):
        team, worker = episode.handed_to_team, episode.handed_to_worker
    else:
        worker = episode.child.request.assigned_to
        team = worker.team if worker is not None else None
    return [team.name if team else "", worker.display_name if worker else ""]


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
    return (
        Episode.objects.filter(child__request__area_id__in=list(area_ids))
        .select_related(*EPISODE_RELATED)
        .only(*EPISODE_FIELDS)
    )


def ordered(queryset: QuerySet, date_field: str) -> QuerySet:
    """Rows in date order, ties broken by id, so two runs give the same file."""
    return queryset.order_by(F(date_field).asc(), "pk")
