"""The year `make run` loads gives the dashboard, the Annex A lists and both census years
something real to show: work past the front door reaching back 18 months, walked through
the services a worker uses (triage/demo_journeys.py). List 2 stays empty: the service does
not hold early help assessments (reporting/annex_a_plans.py)."""

import datetime as dt
from pathlib import Path

import pytest
import time_machine
from django.db.models import F
from django.utils import timezone

from children.episodes import previous_cp_plans, rereferral
from children.models import Episode
from deadlines.calendar import LONDON
from deadlines.models import Deadline
from hub.demo import demo_data_load
from hub.models import Area
from reporting import annex_a_codes as codes
from reporting.annex_a import LISTS, annex_a_rows
from reporting.census_validation import census_validate, census_year_of, findings_by_rule, ruleset_for
from reporting.cin_census import cin_census_write
from reporting.readiness import census_readiness
from requests_app.models import Child, RequestForSupport
from triage.demo_journeys import JOURNEYS
from triage.demo_year import MIX, demo_year_load

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_year():
    """The demo as loaded on 2 December 2026, whenever the suite runs: its 18 months then span
    both census years the validator has rules for."""
    with time_machine.travel(dt.datetime(2026, 12, 2, 9, 0, tzinfo=LONDON), tick=True):
        demo_data_load()
        # One area is enough to hold every journey, and keeps the load (and the validator) quick.
        demo_year_load(per_area=len(MIX) + len(JOURNEYS), areas=["lancashire"])
        yield


def late(kind: str):
    return Deadline.objects.filter(kind=kind, state=Deadline.State.MET, met_at__gt=F("due_at"))


def on_time(kind: str):
    return Deadline.objects.filter(kind=kind, state=Deadline.State.MET, met_at__lte=F("due_at"))


def test_the_demo_year_has_every_kind_of_work_past_the_front_door_on_time_and_late(demo_year) -> None:
    episodes = Episode.objects.all()
    assert episodes.filter(referral_date__lt=timezone.localdate() - dt.timedelta(days=480)).exists()
    assert episodes.filter(assessment_authorised_on__isnull=False).exists()
    assert episodes.filter(cin_plan_start__isnull=False, cin_plan_end=None).exists()
    assert episodes.filter(cin_plan_end__isnull=False).exists()
    assert episodes.filter(cp_plan_start__isnull=False, cp_plan_end=None).exclude(cp_review_dates=[]).exists()
    assert episodes.filter(cp_plan_end__isnull=False).exists()
    assert episodes.filter(outcome="family_help_service").exists()
    assert episodes.filter(icpc_on__isnull=False, cp_plan_start=None).exists()  # a conference with no plan
    assert {"RC7", "RC8", "RC9"} <= set(episodes.values_list("closure_reason", flat=True))
    assert any(previous_cp_plans(episode) for episode in episodes.filter(cp_plan_start__isnull=False))
    assert any(rereferral(episode) for episode in episodes.filter(referral_date__isnull=False))
    # A child referred twice, months apart, has the same birthday each time.
    assert not Child.objects.filter(person__isnull=False).exclude(date_of_birth=F("person__date_of_birth")).exists()
    for kind in ("contact_decision", "single_assessment", "icpc", "written_follow_up"):
        assert on_time(kind).exists(), kind
        assert late(kind).exists(), kind
    # Referrers and the hub agree on some levels and not on others: the dashboard's matrix has both.
    levels = set(RequestForSupport.objects.exclude(level_decided=None).values_list("level_requested", "level_decided"))
    assert any(asked == decided for asked, decided in levels) and any(asked != decided for asked, decided in levels)
    # Some clocks missed have the worker's reason; the rest keep the service's own.
    explained = late("single_assessment").exclude(breach_reason="Met after the due time")
    assert explained.exists() and explained.count() < late("single_assessment").count()


def test_the_demo_year_fills_annex_a_lists_1_and_3_to_7_with_valid_codes(demo_year) -> None:
    today = timezone.localdate()
    area_ids = [Area.objects.get(slug="lancashire").pk]
    for number in (1, 3, 4, 5, 6, 7):
        rows = list(annex_a_rows(LISTS[number], area_ids=area_ids, first=today - dt.timedelta(days=365), last=today))
        assert rows, f"List {number} is empty"
        assert {row[1] for row in rows} <= set(codes.GENDER_CODES)
        assert {row[2] for row in rows} <= set(codes.ETHNICITY_CODES)


def test_both_census_years_of_the_demo_pass_the_dfe_rules_with_only_the_queries_open_work_warrants(
    demo_year, tmp_path
) -> None:
    lancashire = Area.objects.get(slug="lancashire")
    for year in (2026, 2027):
        output = Path(tmp_path) / f"cin{year}.xml"
        with output.open("w", encoding="utf-8") as out:
            assert cin_census_write(area_ids=[lancashire.pk], year=year, out=out) >= 10
        assert census_year_of(output) == year
        findings = census_validate(output, ruleset=ruleset_for(year))
        assert [finding for finding in findings if not finding.is_query] == [], findings_by_rule(findings)
        # The year to March 2027 is not over: assessments and enquiries still open today are queried.
        allowed = set() if year == 2026 else {"8670Q", "8675Q"}
        assert set(findings_by_rule(findings)) <= allowed, findings_by_rule(findings)


def test_census_readiness_has_the_newest_referral_to_match_and_nothing_the_census_would_refuse(demo_year) -> None:
    lancashire = Area.objects.get(slug="lancashire")
    readiness = census_readiness(areas=[lancashire], year=2027)
    [group] = readiness.groups
    assert group.rule.key == "not_linked"
    assert {problem.child.request.status for problem in group.problems} == {"referral"}
