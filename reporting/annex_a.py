"""Ofsted Annex A: the lists an inspection asks for, drawn from each child's episode record.

One list, one `AnnexAList`: its published headers, the records it is drawn from (one query,
however many children), and one row per record. Lists 1, 3, 4 and 5 are the front door's own
work; 2, 6 and 7 are in annex_a_plans.py, with what the service does not hold. The coded values
are in annex_a_codes.py; the files and the audit trail in annex_a_files.py.
"""

import contextlib
import datetime as dt
from collections.abc import Iterable, Iterator

from django.db import connection
from django.db.models import F, Q
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from requests_app.models import Child

from . import annex_a_codes as codes
from .annex_a_columns import (
    ALLOCATED_HEADERS,
    CHILD_HEADERS,
    CHILD_VALUES,
    DISABILITY_HEADER,
    EPISODE_VALUES,
    AnnexAList,
    allocated,
    as_values,
    child_columns,
    earlier_within_a_year,
    episodes_in,
    has_disability,
    ordered,
)
from .annex_a_plans import LIST_2, LIST_6, LIST_7

TWELVE_MONTHS_NOTE = (
    "Counts 'in the last 12 months' are of the same child's other events in the 12 months up to this "
    "one, and exclude the current event (as the Data to Insight SSD does). A child not yet matched to "
    "a person record counts 0."
)
COMMON_NOTES = (
    "Child Unique ID is the LA child ID from the child's person record; a child not yet matched to one "
    "is identified by the request's reference and their place in it.",
    "Age of Child (Years) is the child's age on the last day of the period; unborn children have no "
    "date of birth or age.",
    "An ethnicity or gender nobody has recorded is written 't) NOBT' or 'c) Not stated/recorded'.",
)


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _contact_in(first: dt.date, last: dt.date) -> Q:
    """The contact's day (the call's, if phoned first) falls in the period. Asked of each column
    itself rather than of the day worked out from both, so PostgreSQL can estimate how many rows
    match: it cannot estimate the worked-out day, guessed a ninth of them, and at 500,000 contacts
    planned a hash join for that ninth that ran for minutes (docs/performance.md, "Exports")."""
    start, end = _day_start(first), _day_start(last + dt.timedelta(days=1))
    received = Q(request__phone_referral__isnull=True, request__received_at__gte=start, request__received_at__lt=end)
    called = Q(request__phone_referral__called_at__gte=start, request__phone_referral__called_at__lt=end)
    return received | called


# List 1: every child in every contact, on the day it reached the hub (the call, if phoned first).
def _contacts(area_ids: Iterable[int], first: dt.date, last: dt.date):
    contacts = (
        Child.objects.filter(_contact_in(first, last), request__area_id__in=list(area_ids))
        .annotate(
            contact_source=F("request__cin_referral_source"),
            contact_on=TruncDate(Coalesce("request__phone_referral__called_at", "request__received_at")),
        )
        .order_by(F("contact_on").asc(), "request_id", "position")
    )
    return as_values(contacts, CHILD_VALUES, "contact_on", "contact_source")


def _contact_row(child, last: dt.date) -> list:
    return [*child_columns(child, last), codes.date(child.contact_on), codes.source(child.contact_source)]


LIST_1 = AnnexAList(
    number=1,
    title="Contacts",
    headers=(*CHILD_HEADERS, "Date of Contact", "Contact Source"),
    records=_contacts,
    row=_contact_row,
    area_field="request__area_id",
    notes=("A contact is every child named in a request for support, dated the day it reached the hub.",),
)


# List 3: every referral, with how many the child had in the 12 months before it.
def _referrals(area_ids: Iterable[int], first: dt.date, last: dt.date):
    episodes = episodes_in(area_ids).filter(referral_date__range=(first, last))
    counted = episodes.annotate(referrals_before=earlier_within_a_year("referral_date"))
    return as_values(ordered(counted, "referral_date"), EPISODE_VALUES, "referrals_before")


def _referral_row(episode, last: dt.date) -> list:
    return [
        *child_columns(episode, last),
        codes.date(episode.referral_date),
        codes.source(episode.referral_source or episode.request_source),
        codes.yes_no(episode.referral_nfa),
        episode.referrals_before,
        *allocated(episode),
    ]


LIST_3 = AnnexAList(
    number=3,
    title="Referrals",
    headers=(
        *CHILD_HEADERS,
        "Date of referral",
        "Referral Source",
        "Referral NFA?",
        "Number of Referrals in Last 12 Months",
        *ALLOCATED_HEADERS,
    ),
    records=_referrals,
    row=_referral_row,
    area_field="child__request__area_id",
    notes=("Allocated Team and Worker are those the request was assigned to at the front door.",),
)


# List 4: every assessment started in the period.
def _assessments(area_ids: Iterable[int], first: dt.date, last: dt.date):
    episodes = episodes_in(area_ids).filter(assessment_started_on__range=(first, last))
    return as_values(ordered(episodes, "assessment_started_on"), EPISODE_VALUES)


def _needs_social_care(episode) -> bool | None:
    """Blank until the assessment is authorised; then yes if it led to a plan or an enquiry."""
    if episode.assessment_authorised_on is None:
        return None
    return bool(episode.cin_plan_start or episode.cp_plan_start or episode.s47_started_on)


def _assessment_row(episode, last: dt.date) -> list:
    return [
        *child_columns(episode, last),
        codes.yes_no(has_disability(episode)),
        codes.date(episode.assessment_started_on),
        codes.yes_no(episode.child_seen),
        codes.date(episode.assessment_authorised_on),
        codes.yes_no_or_blank(_needs_social_care(episode)),
        *allocated(episode),
    ]


LIST_4 = AnnexAList(
    number=4,
    title="Assessments",
    headers=(
        *CHILD_HEADERS,
        DISABILITY_HEADER,
        "Continuous Assessment Start Date",
        "Child Seen During Continuous Assessment",
        "Continuous Assessment Date of Authorisation",
        "Was the child assessed as requiring LA children's social care support?",
        *ALLOCATED_HEADERS,
    ),
    records=_assessments,
    row=_assessment_row,
    area_field="child__request__area_id",
    notes=(
        "'Requiring LA children's social care support' is yes where the authorised assessment led to a "
        "child in need plan, a child protection plan or a section 47 enquiry; blank until authorised.",
    ),
)


# List 5: every section 47 enquiry, dated by the strategy discussion that started it, and its ICPC.
def _enquiries(area_ids: Iterable[int], first: dt.date, last: dt.date):
    episodes = episodes_in(area_ids).filter(s47_started_on__range=(first, last))
    counted = episodes.annotate(
        enquiries_before=earlier_within_a_year("s47_started_on"),
        conferences_before=earlier_within_a_year("s47_started_on", counted="icpc_on"),
    )
    return as_values(ordered(counted, "s47_started_on"), EPISODE_VALUES, "enquiries_before", "conferences_before")


def _enquiry_row(episode, last: dt.date) -> list:
    held = episode.icpc_on is not None
    return [
        *child_columns(episode, last),
        codes.yes_no(has_disability(episode)),
        codes.date(episode.s47_started_on),
        codes.yes_no(episode.icpc_not_required),
        codes.date(episode.icpc_on),
        codes.yes_no_or_blank(episode.cp_plan_start is not None if held else None),
        episode.enquiries_before,
        episode.conferences_before,
        *allocated(episode),
    ]


LIST_5 = AnnexAList(
    number=5,
    title="Section 47 enquiries and ICPCs",
    headers=(
        *CHILD_HEADERS,
        DISABILITY_HEADER,
        "Strategy discussion initiating Section 47 Enquiry Start Date",
        "Was an Initial Child Protection Conference deemed unnecessary?",
        "Date of Initial Child Protection Conference",
        "Did the Initial Child Protection Conference Result in a Child Protection Plan",
        "Number of Section 47 Enquiries in the last 12 months",
        "Number of ICPCs in the last 12 months",
        *ALLOCATED_HEADERS,
    ),
    records=_enquiries,
    row=_enquiry_row,
    area_field="child__request__area_id",
    notes=("The number of ICPCs counts the child's other conferences in the 12 months before this enquiry.",),
)

LISTS: dict[int, AnnexAList] = {
    a_list.number: a_list for a_list in (LIST_1, LIST_2, LIST_3, LIST_4, LIST_5, LIST_6, LIST_7)
}


def annex_a_notes(a_list: AnnexAList) -> list[str]:
    """What the reader of a list should know: how it was drawn up, and what is not held."""
    counted = any("12 months" in header.lower() for header in a_list.headers)
    return [*a_list.notes, *([TWELVE_MONTHS_NOTE] if counted else []), *COMMON_NOTES]


@contextlib.contextmanager
def _without_jit() -> Iterator[None]:
    """PostgreSQL's JIT compiler off for one export's query. The "in the last 12 months" counts make
    list 3's and list 5's estimated cost high enough to compile the query, which took longer than
    running it: 0.4 to 0.7 s of a county's list 3 (docs/performance.md, "Exports")."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET jit = off")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET jit")


def annex_a_rows(a_list: AnnexAList, *, area_ids: Iterable[int], first: dt.date, last: dt.date) -> Iterator[list]:
    """The list's rows, read in chunks so memory stays flat however long the list."""
    with _without_jit():
        for record in a_list.records(area_ids, first, last).iterator(chunk_size=2000):
            yield a_list.row(record, last)
