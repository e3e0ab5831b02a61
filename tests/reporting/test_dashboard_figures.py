"""Each dashboard figure, pinned on a fortnight where the right answer is known (dashboard_world)."""

import datetime as dt

import pytest

from children.models import Episode
from deadlines.models import Deadline
from deadlines.rules import late_note
from reporting.annex_a import LISTS
from reporting.dashboard import dashboard_build, percent
from reporting.dashboard_scope import Scope, default_period
from requests_app.models import RequestForSupport
from tests.reporting.dashboard_world import FIRST, LAST, at
from tests.request_factories import make_request
from tests.requests_app import payloads

pytestmark = pytest.mark.django_db


def link(figure, **params):
    """The figures' links, kept as what they would ask for."""
    return (figure, params)


def figures_for(area, team=None, first=FIRST, last=LAST) -> dict:
    return dashboard_build(Scope(area_ids=(area.pk,), first=first, last=last, team_id=team), link)


def weekly(figures: dict) -> dict:
    return {series["key"]: [bar["count"] for bar in series["bars"]] for series in figures["volumes"]["series"]}


def test_each_weeks_volumes_count_each_event_on_its_own_day(fortnight, lancashire) -> None:
    assert weekly(figures_for(lancashire)) == {
        "received": [2, 1],
        "contacts": [2, 0],
        "referrals": [2, 0],
        "assessments": [1, 1],
        "s47s": [0, 1],
    }


def test_a_request_in_another_area_is_never_counted(fortnight, lancashire, luton) -> None:
    lancashire_figures, luton_figures = figures_for(lancashire), figures_for(luton)
    assert weekly(luton_figures)["received"] == [1, 0]
    assert sum(weekly(lancashire_figures)["received"]) == 3
    assert luton_figures["open_work"]["open"] == 1
    assert [m["total"] for m in luton_figures["timeliness"]] == [1, 0, 0, 0]


def test_requests_are_counted_by_the_referrers_agency_and_the_census_source(fortnight, lancashire) -> None:
    sources = figures_for(lancashire)["sources"]
    assert [(row["label"], row["count"]) for row in sources["agencies"]] == [
        ("Ribble Valley Primary School", 2),
        ("Lancashire Constabulary", 1),
    ]
    assert [(row["label"], row["count"]) for row in sources["codes"]] == [("2A: Schools", 2), ("6: Police", 1)]


def test_the_level_asked_for_is_set_against_the_level_decided(fortnight, lancashire) -> None:
    matrix = {row["requested"]: [cell["count"] for cell in row["cells"]] for row in figures_for(lancashire)["levels"]}
    assert matrix == {
        1: [0, 0, 0, 0, 0],
        2: [0, 0, 0, 0, 1],  # not yet decided
        3: [0, 0, 1, 0, 0],  # agreed
        4: [0, 1, 0, 0, 0],  # asked for 4, decided 2
    }


def test_conversion_follows_the_requests_received_through_each_stage(fortnight, lancashire) -> None:
    stages = [(stage["key"], stage["count"], stage["percent"]) for stage in figures_for(lancashire)["conversion"]]
    assert stages == [
        ("received", 3, None),
        ("contacts", 2, 67),
        ("referrals", 2, 100),
        ("assessments", 2, 100),
        ("outcomes", 1, 50),
    ]


def test_each_clock_is_met_or_missed_by_its_due_date_with_the_reasons_grouped(fortnight, lancashire) -> None:
    measures = {m["key"]: m for m in figures_for(lancashire)["timeliness"]}
    decisions = measures["contact_decision"]
    # R1 met; R2 late; R3 still open past due. R4 was due before the period; the cancelled one is neither.
    assert (decisions["within"], decisions["total"], decisions["percent"]) == (1, 3, 33)
    assert [(r["label"], r["count"]) for r in decisions["reasons"]] == [
        ("No reason recorded", 1),
        ("Police checks took two days", 1),
    ]
    assert (measures["single_assessment"]["within"], measures["single_assessment"]["total"]) == (0, 0)
    assert (measures["icpc"]["within"], measures["icpc"]["total"], measures["icpc"]["reasons"]) == (1, 1, [])
    follow_ups = measures["written_follow_up"]
    assert (follow_ups["within"], follow_ups["missed"]) == (0, 1)
    assert [(r["label"], r["count"]) for r in follow_ups["reasons"]] == [("No reason recorded", 1)]


def test_the_services_own_note_that_a_clock_was_late_is_not_counted_as_a_reason(fortnight, lancashire) -> None:
    late = Deadline.objects.filter(kind="contact_decision", breach_reason="Police checks took two days")
    late.update(breach_reason=late_note("contact_decision"))
    decisions = {m["key"]: m for m in figures_for(lancashire)["timeliness"]}["contact_decision"]
    assert [(r["label"], r["count"]) for r in decisions["reasons"]] == [("No reason recorded", 2)]


def test_a_referral_of_a_child_referred_in_the_year_before_is_a_rereferral(fortnight, lancashire) -> None:
    rereferrals = figures_for(lancashire)["rereferrals"]
    assert (rereferrals["again"], rereferrals["referred"], rereferrals["percent"]) == (1, 2, 50)


def test_open_work_is_counted_per_worker_with_what_is_overdue_now(fortnight, lancashire) -> None:
    work = figures_for(lancashire)["open_work"]
    assert (work["open"], work["overdue"]) == (3, 2)
    assert sorted((row["name"], row["count"], row["overdue"]) for row in work["workers"]) == [
        ("Harry Osei", 1, 1),
        ("Nobody assigned", 1, 1),
        ("Wendy Ali", 1, 0),
    ]


def test_a_team_counts_only_the_work_of_its_workers(fortnight, lancashire) -> None:
    team_a = figures_for(lancashire, team=fortnight.team_a.pk)
    assert weekly(team_a)["received"] == [1, 0]
    assert [(m["within"], m["total"]) for m in team_a["timeliness"]] == [(1, 1), (0, 0), (0, 0), (0, 1)]
    assert [row["name"] for row in team_a["open_work"]["workers"]] == ["Harry Osei"]
    team_b = figures_for(lancashire, team=fortnight.team_b.pk)
    assert weekly(team_b) == {
        "received": [1, 0],
        "contacts": [1, 0],
        "referrals": [1, 0],
        "assessments": [0, 1],
        "s47s": [0, 1],
    }


def test_the_period_decides_which_events_count(fortnight, lancashire) -> None:
    second_week = figures_for(lancashire, first=dt.date(2026, 9, 14))
    assert weekly(second_week) == {"received": [1], "contacts": [0], "referrals": [0], "assessments": [1], "s47s": [1]}
    assert second_week["rereferrals"]["referred"] == 0


def test_the_default_period_is_twelve_whole_weeks_to_today() -> None:
    first, last = default_period(dt.date(2026, 12, 2))  # a Wednesday
    assert (first, last) == (dt.date(2026, 9, 14), dt.date(2026, 12, 2))
    assert first.weekday() == 0


@pytest.mark.parametrize(("part", "whole", "shown"), [(1, 8, 13), (3, 8, 38), (1, 2, 50), (5, 8, 63), (0, 0, None)])
def test_a_half_per_cent_is_rounded_up_as_a_reader_expects(part, whole, shown) -> None:
    assert percent(part, whole) == shown


def siblings_assessed_a_week_apart(staff) -> None:
    """Eli and Fay, in one request received on 8 September: both referred on the 8th, Eli assessed
    from the 9th (week one), Fay from the 16th (week two)."""
    siblings = make_request(
        staff.rita, area="lancashire", children=[payloads.child(first="Eli"), payloads.child(first="Fay")]
    )
    RequestForSupport.objects.filter(pk=siblings.pk).update(received_at=at(8), assigned_to=staff.harry, status="closed")
    eli, fay = siblings.children.order_by("position")
    Episode.objects.create(child=eli, referral_date=dt.date(2026, 9, 8), assessment_started_on=dt.date(2026, 9, 9))
    Episode.objects.create(child=fay, referral_date=dt.date(2026, 9, 8), assessment_started_on=dt.date(2026, 9, 16))


def test_each_childs_referral_and_assessment_counts_on_its_own_day_as_annex_a_counts_them(
    fortnight, staff, lancashire
) -> None:
    siblings_assessed_a_week_apart(staff)
    counts = weekly(figures_for(lancashire))
    assert counts["received"] == [3, 1]  # the siblings' request is one request
    assert counts["referrals"] == [4, 0] and counts["assessments"] == [2, 2]
    for number, event in ((3, "referrals"), (4, "assessments")):
        assert sum(counts[event]) == LISTS[number].records([lancashire.pk], FIRST, LAST).count()


def test_the_later_siblings_assessment_counts_in_the_period_it_started_in(fortnight, staff, lancashire) -> None:
    siblings_assessed_a_week_apart(staff)
    second_week = dt.date(2026, 9, 14)
    assert weekly(figures_for(lancashire, first=second_week))["assessments"] == [2]  # R2 and Fay
    assert LISTS[4].records([lancashire.pk], second_week, LAST).count() == 2
