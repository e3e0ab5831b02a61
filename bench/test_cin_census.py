"""The Children in Need census for a county's year (5,000 children) beside reading the same
episodes bare, and the DfE validator's time on a 1,000-child return (its ingress grows
faster than the return, so the suite checks a handful and this times the large case)."""

import datetime as dt
import io
import time
from pathlib import Path

import pytest

from bench.harness import RESULTS, Result, Timing, compare
from children.models import Episode, Person
from hub.models import Area
from hub.roles import Role
from reporting.cin_census import cin_census_write
from requests_app.models import Child
from requests_app.services import request_create_via_api
from tests.factories import persona
from tests.requests_app import payloads

CHILDREN = 5_000
VALIDATED = 1_000


def year_of_children(area: Area, count: int) -> None:
    """`count` children on one request, each on a person record with one episode in 2025 to 2026:
    a third still assessing (the validator queries those open past 45 working days, 8670Q), a third on
    a plan, a third closed after assessment."""
    rita = persona(Role.REFERRER, area=area)
    template, _ = request_create_via_api(data=payloads.sections(), by=rita, idempotency_key=None)
    people = Person.objects.bulk_create(
        Person(area=area, first_name="Bench", last_name=f"Child{n}", disabilities=["NONE"], upn_unknown_reason="UN5")
        for n in range(count)
    )
    children = Child.objects.bulk_create(
        Child(
            request=template,
            first_name="Bench",
            last_name=person.last_name,
            sex="F",
            ethnicity="WBRI",
            date_of_birth=dt.date(2016, 5, 1),
            person=person,
            position=n,
        )
        for n, person in enumerate(people)
    )
    start = dt.date(2025, 6, 2)
    episodes = []
    for n, child in enumerate(children):
        referred = start + dt.timedelta(days=n % 200)
        fields = {"assessment_started_on": referred + dt.timedelta(days=1)}
        if n % 3:
            fields |= {"assessment_authorised_on": referred + dt.timedelta(days=30), "assessment_factors": ["3A"]}
        if n % 3 == 1:
            fields["cin_plan_start"] = referred + dt.timedelta(days=31)
        if n % 3 == 2:
            fields |= {"closed_on": referred + dt.timedelta(days=30), "closure_reason": "RC8"}
        episodes.append(Episode(child=child, referral_date=referred, referral_source="2A", primary_need="N1", **fields))
    Episode.objects.bulk_create(episodes)


@pytest.mark.django_db
def test_a_countys_census_year_against_reading_the_same_episodes_bare(tmp_path: Path) -> None:
    area = Area.objects.get(slug="lancashire")
    year_of_children(area, CHILDREN)

    def bare() -> int:
        return sum(1 for _ in Episode.objects.select_related("child__person").iterator(chunk_size=1000))

    compare(
        f"CIN census: {CHILDREN:,} children",
        lambda: cin_census_write(area_ids=[area.pk], year=2026, out=io.StringIO()),
        bare,
        baseline_name="the same episodes read bare",
        note="three queries (the areas, the episodes, the audit row) however many children; written as it is read",
        repeat=3,
    )
    small = tmp_path / "cin-1000.xml"
    Episode.objects.filter(pk__in=Episode.objects.order_by("pk").values("pk")[VALIDATED:]).delete()
    with small.open("w", encoding="utf-8") as out:
        cin_census_write(area_ids=[area.pk], year=2026, out=out)
    from reporting.census_validation import census_validate

    started = time.perf_counter()
    findings = census_validate(small)
    took = (time.perf_counter() - started) * 1000
    errors = sum(not finding.is_query for finding in findings)
    timing = Timing(median_ms=took, p95_ms=took, queries=0)
    RESULTS.append(
        Result(
            f"DfE validator: {VALIDATED:,} children",
            timing,
            timing,
            "(one run, no baseline)",
            note=f"{errors} errors, {len(findings) - errors} query rows (csc-validator-be-cin, cin2025_26)",
        )
    )
    assert errors == 0
