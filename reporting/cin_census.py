"""The DfE Children in Need census return, as XML in the schema's order, read from each
child's episodes of need (docs/decisions/0014-cin-census-export.md).

The census year runs from 1 April to 31 March; the return describes each child as they
stood on the reference date, 31 March. A child is in it when one of their episodes was
open at any time in the year: referred on or before the reference date and not closed
before the year began. Anything recorded after the reference date (a later closure, an
assessment started in April) is not part of this year's return and is left out, so the
episode reads as it did on 31 March.

Element names and order follow the DfE's CIN census schema for 2025 to 2026, as the Data
to Insight validator (csc-validator-be-cin) reads it: ChildIdentifiers, ChildCharacteristics,
then one CINdetails per episode with Assessments, CINPlanDates, Section47 and
ChildProtectionPlans. No namespace.
"""

import datetime as dt
import itertools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TextIO

from django.db.models import F, Q, QuerySet
from django.utils import timezone

from children.models import Episode
from hub.audit import audit_record
from hub.models import Area, AuditEvent, User
from returns.characteristics import Sex, UpnUnknown

from .characteristics import characteristics_of, previous_cp_plans
from .xml_stream import XmlStream

SOFTWARE = "Support Hub"
RELEASE = "1"


@dataclass(frozen=True)
class CensusYear:
    """A collection year, named as the DfE names it: 2026 is 1 April 2025 to 31 March 2026."""

    year: int

    @property
    def start(self) -> dt.date:
        return dt.date(self.year - 1, 4, 1)

    @property
    def reference_date(self) -> dt.date:
        return dt.date(self.year, 3, 31)

    @classmethod
    def containing(cls, day: dt.date) -> "CensusYear":
        """The collection year a day falls in: 1 December 2026 is in 2027's."""
        return cls(day.year + 1 if day.month >= 4 else day.year)

    def known(self, day: dt.date | None) -> dt.date | None:
        """A date as the return sees it: one after the reference date had not happened yet."""
        return day if day is not None and day <= self.reference_date else None


def census_year_episodes(*, area_ids: Iterable[int], census: CensusYear) -> QuerySet[Episode]:
    """The one home for which episodes a year's return is about: every referral's episode, in the
    given areas, open at any time in the year (referred on or before the reference date, not closed
    before the year began). The return and its readiness check (`readiness.py`) both start here."""
    return Episode.objects.filter(
        child__request__area_id__in=list(area_ids),
        referral_date__isnull=False,
        referral_date__lte=census.reference_date,
    ).filter(Q(closed_on__isnull=True) | Q(closed_on__gte=census.start))


# What the return reads of each episode's child and person record, by the name it reads it under.
# Read as values, never as models: building an episode, child and person for each of a county's
# 20,000 children was most of the return's time (docs/performance.md, "Exports").
CHILD_VALUES = {
    "person_key": "child__person_id",
    "la_child_id": "child__person__la_child_id",
    "upn": "child__person__upn",
    "upn_unknown_reason": "child__person__upn_unknown_reason",
    "person_born": "child__person__date_of_birth",
    "disabilities": "child__person__disabilities",
    "born": "child__date_of_birth",
    "unborn": "child__unborn",
    "expected_date": "child__expected_date",
    "sex": "child__sex",
    "ethnicity": "child__ethnicity",
}
EPISODE_FIELDS = tuple(field.attname for field in Episode._meta.concrete_fields)


def census_episodes(*, area_ids: Iterable[int], census: CensusYear) -> QuerySet:
    """The census year's episodes of children with a person record (the return needs their LA
    child ID), each child's episodes together, oldest first, as named tuples of the episode's
    fields, CHILD_VALUES and `previous_cp_plans`. One query, however many children: the child and
    person come joined, and each plan's count of earlier plans (NumberOfPreviousCPP) as a subquery."""
    return (
        census_year_episodes(area_ids=area_ids, census=census)
        .filter(child__person__isnull=False)
        .annotate(previous_cp_plans=previous_cp_plans(), **{name: F(path) for name, path in CHILD_VALUES.items()})
        .order_by("child__person__la_child_id", "referral_date", "pk")
        .values_list(*EPISODE_FIELDS, *CHILD_VALUES, "previous_cp_plans", named=True)
    )


def _children(episodes: QuerySet) -> Iterator[list]:
    """Each child's episodes, one child at a time, read in chunks so memory stays flat."""
    for _, group in itertools.groupby(episodes.iterator(chunk_size=1000), key=lambda episode: episode.person_key):
        yield list(group)


def _identifiers(xml: XmlStream, episodes: list) -> None:
    latest = episodes[-1]  # the newest request knows the child best
    with xml.element("ChildIdentifiers"):
        xml.value("LAchildID", latest.la_child_id)
        xml.value("UPN", latest.upn.upper())
        if not latest.upn:
            # A referral closed with no further action is the census's own reason for no UPN.
            nfa_only = all(episode.referral_nfa for episode in episodes)
            xml.value("UPNunknown", latest.upn_unknown_reason or (UpnUnknown.REFERRAL_NFA if nfa_only else ""))
        born = latest.born or latest.person_born
        unborn = latest.unborn and born is None
        xml.value("PersonBirthDate", born)
        xml.value("ExpectedPersonBirthDate", latest.expected_date if unborn else None)
        characteristics = characteristics_of(
            sex=latest.sex, ethnicity=latest.ethnicity, disabilities=latest.disabilities
        )
        xml.value("Sex", Sex.UNKNOWN if unborn else characteristics.sex)
    with xml.element("ChildCharacteristics"):
        xml.value("Ethnicity", characteristics.ethnicity)
        if characteristics.disabilities:
            with xml.element("Disabilities"):
                for code in characteristics.disabilities:
                    xml.value("Disability", code)


def _assessment(xml: XmlStream, episode, census: CensusYear) -> None:
    started = census.known(episode.assessment_started_on)
    if started is None:
        return
    authorised = census.known(episode.assessment_authorised_on)
    if authorised is not None and authorised < census.start:
        return  # finished before the year began: last year's return counted it
    with xml.element("Assessments"):
        xml.value("AssessmentActualStartDate", started)
        xml.value("AssessmentAuthorisationDate", authorised)
        if authorised and episode.assessment_factors:
            with xml.element("FactorsIdentifiedAtAssessment"):
                for factor in episode.assessment_factors:
                    xml.value("AssessmentFactors", factor)


def _cin_plan(xml: XmlStream, episode, census: CensusYear) -> None:
    if (start := census.known(episode.cin_plan_start)) is None:
        return
    with xml.element("CINPlanDates"):
        xml.value("CINPlanStartDate", start)
        xml.value("CINPlanEndDate", census.known(episode.cin_plan_end))


def _enquiry_in_year(episode, census: CensusYear) -> bool:
    """An enquiry is this year's if it began in it, or was still waiting for its conference when
    the year began; one whose conference came before the year (or was not needed, and began
    before it) was last year's, and its date out of range is an error (8715)."""
    start = census.known(episode.s47_started_on)
    if start is None:
        return False
    if start >= census.start:
        return True
    return not episode.icpc_not_required and (episode.icpc_on is None or episode.icpc_on >= census.start)


def _section47(xml: XmlStream, episode, census: CensusYear) -> None:
    if not _enquiry_in_year(episode, census):
        return
    start = census.known(episode.s47_started_on)
    with xml.element("Section47"):
        xml.value("S47ActualStartDate", start)
        xml.value("InitialCPCtarget", episode.icpc_target)
        xml.value("DateOfInitialCPC", census.known(episode.icpc_on))
        xml.value("ICPCnotRequired", episode.icpc_not_required)


def _protection_plan(xml: XmlStream, episode, census: CensusYear) -> None:
    if (start := census.known(episode.cp_plan_start)) is None:
        return
    with xml.element("ChildProtectionPlans"):
        xml.value("CPPstartDate", start)
        xml.value("CPPendDate", census.known(episode.cp_plan_end))
        xml.value("InitialCategoryOfAbuse", episode.initial_category)
        xml.value("LatestCategoryOfAbuse", episode.latest_category or episode.initial_category)
        xml.value("NumberOfPreviousCPP", episode.previous_cp_plans)
        reviews = [day for day in sorted(episode.cp_review_dates or []) if day <= census.reference_date.isoformat()]
        if reviews:
            with xml.element("Reviews"):
                for day in reviews:
                    xml.value("CPPreviewDate", day)


def _cin_details(xml: XmlStream, episode, census: CensusYear) -> None:
    closed = census.known(episode.closed_on)
    with xml.element("CINdetails"):
        xml.value("CINreferralDate", episode.referral_date)
        xml.value("ReferralSource", episode.referral_source)
        xml.value("PrimaryNeedCode", episode.primary_need)
        xml.value("CINclosureDate", closed)
        xml.value("ReasonForClosure", episode.closure_reason if closed else "")
        # The conference goes with its enquiry; here only when no enquiry holds it, and it was in the year.
        icpc = census.known(episode.icpc_on) if episode.s47_started_on is None else None
        xml.value("DateOfInitialCPC", icpc if icpc is None or icpc >= census.start else None)
        _assessment(xml, episode, census)
        _cin_plan(xml, episode, census)
        _section47(xml, episode, census)
        xml.value("ReferralNFA", episode.referral_nfa and closed is not None)
        _protection_plan(xml, episode, census)


def _header(xml: XmlStream, *, la_code: str, census: CensusYear) -> None:
    with xml.element("Header"):
        with xml.element("CollectionDetails"):
            xml.value("Collection", "CIN")
            xml.value("Year", census.year)
            xml.value("ReferenceDate", census.reference_date)
        with xml.element("Source"):
            xml.value("SourceLevel", "L")
            xml.value("LEA", la_code)
            xml.value("SoftwareCode", SOFTWARE)
            xml.value("Release", RELEASE)
            xml.value("SerialNo", "001")
            xml.value("DateTime", timezone.localtime().replace(microsecond=0, tzinfo=None))


def census_la_code(areas: list[Area]) -> str:
    codes = {area.la_code for area in areas}
    if not areas or len(codes) != 1 or "" in codes:
        raise ValueError("The census is one return per local authority: choose areas that share one DfE LA code.")
    return codes.pop()


def cin_census_write(
    *,
    area_ids: Iterable[int],
    year: int,
    out: TextIO,
    by: User | None = None,
    via: str = "",
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Write the census return for `year` (2026 for 2025 to 2026) to `out`, record the export in
    the audit trail, and return how many children it lists. Who may export is the caller's
    check (the managers' export permission); this writes what it is asked for.
    `progress(done, total)` is told of each child as it is written (a job writes it now and then)."""
    areas = list(Area.objects.filter(pk__in=list(area_ids)).order_by("pk"))
    la_code = census_la_code(areas)
    census = CensusYear(year)
    episodes = census_episodes(area_ids=[area.pk for area in areas], census=census)
    total = episodes.order_by().values("child__person_id").distinct().count() if progress else 0
    xml = XmlStream(out)
    xml.start_document()
    count = 0
    with xml.element("Message"):
        _header(xml, la_code=la_code, census=census)
        with xml.element("Children"):
            if progress:
                progress(0, total)
            for child_episodes in _children(episodes):
                with xml.element("Child"):
                    _identifiers(xml, child_episodes)
                    for episode in child_episodes:
                        _cin_details(xml, episode, census)
                count += 1
                if progress:
                    progress(count, total)
    xml.end_document()
    audit_record(
        actor=by,
        action=AuditEvent.Action.EXPORT,
        obj=areas[0],
        reference="",
        via=via or ("web" if by is not None else "command"),
        detail={"return": "cin_census", "year": year, "children": count, "areas": [area.pk for area in areas]},
    )
    return count
