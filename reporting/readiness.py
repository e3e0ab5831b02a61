"""Return readiness all year: every child in a census year whose record would fail one of the
census rules today, grouped by rule, so a manager sees the problems in the months before the
return and not on the day it is due.

It is the check a worker sees on each child's page (`children.census_checks.child_findings`),
run over the children the census year's return is about (`cin_census.census_year_episodes`).
A child not yet linked to a person record is included here, though the return leaves them out:
being left out is the problem to fix.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.urls import reverse

from children.census_checks import PERSON_RULES, RULES, Finding, Rule, child_findings
from children.models import Episode
from hub.models import Area
from requests_app.models import Child

from .cin_census import CensusYear, census_year_episodes


@dataclass(frozen=True)
class Problem:
    """One child's failure of one rule, with where to fix it."""

    child: Child
    worker: str
    finding: Finding

    @property
    def reference(self) -> str:
        return self.child.request.reference

    @property
    def fix_url(self) -> str:
        # The fix is the id of the field on the child's page: the link lands on it.
        return reverse("triage:child", args=[self.reference, self.child.pk]) + f"#{self.finding.fix}"


@dataclass(frozen=True)
class RuleGroup:
    rule: Rule
    problems: list[Problem]


@dataclass(frozen=True)
class Readiness:
    census: CensusYear
    areas: list[Area]
    groups: list[RuleGroup]

    @property
    def problem_count(self) -> int:
        return sum(len(group.problems) for group in self.groups)

    @property
    def shown(self) -> list[Child]:
        """Each child record a row shows, once: what the audit trail records as listed."""
        return list({problem.child.pk: problem.child for group in self.groups for problem in group.problems}.values())

    @property
    def children(self) -> list[Child]:
        """Each child with a problem once (by person record where linked): who the summary counts."""
        seen: dict[tuple, Child] = {}
        for group in self.groups:
            for problem in group.problems:
                child = problem.child
                seen.setdefault(("person", child.person_id) if child.person_id else ("child", child.pk), child)
        return list(seen.values())


def _episodes(area_ids: list[int], census: CensusYear):
    """One query: each episode with its child, person, request, area and the worker it is with.
    Each child's episodes together, oldest first, so the newest request is read last."""
    return (
        census_year_episodes(area_ids=area_ids, census=census)
        .select_related("child__person", "child__request__area", "child__request__assigned_to")
        .order_by("child__person_id", "referral_date", "pk")
    )


def _problems(episodes: Iterable[Episode]) -> dict[Rule, dict[tuple, Problem]]:
    found: dict[Rule, dict[tuple, Problem]] = {rule: {} for rule in RULES}
    for episode in episodes:
        child = episode.child  # its `episode` comes joined: the check below asks no more queries
        worker = child.request.assigned_to.display_name if child.request.assigned_to else ""
        for finding in child_findings(child):
            if finding.rule in PERSON_RULES and child.person_id:
                # Once per person, at their newest request: the record form there fixes it for all.
                key = ("person", child.person_id)
            else:
                key = ("episode", episode.pk)
            found[finding.rule][key] = Problem(child=child, worker=worker, finding=finding)
    return found


def census_readiness(*, areas: Iterable[Area], year: int) -> Readiness:
    """What stands between the areas' records and a clean census return for `year` (2027 for
    1 April 2026 to 31 March 2027), rule by rule. The caller chooses the areas from those the
    person covers (hub.access.areas_covered); nothing outside them is read."""
    census, areas = CensusYear(year), list(areas)
    found = _problems(_episodes([area.pk for area in areas], census))
    groups = [
        RuleGroup(rule, sorted(by_key.values(), key=lambda problem: problem.reference))
        for rule, by_key in found.items()
        if by_key
    ]
    return Readiness(census=census, areas=areas, groups=groups)
