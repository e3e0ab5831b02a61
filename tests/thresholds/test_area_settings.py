"""Where the documents disagree, each area has its own setting (docs/domain.md §10, rule 30)."""

import pytest

from hub.models import Area

pytestmark = pytest.mark.django_db


def area(slug: str) -> Area:
    return Area.objects.get(slug=slug)


def test_child_consent_is_sought_from_13_in_luton_and_14_in_westmorland_and_furness() -> None:
    assert area("luton").child_consent_from_age == 13  # "aged over 12"
    assert area("westmorland-and-furness").child_consent_from_age == 14  # "over 13 years old"


def test_lancashire_and_blackpool_set_no_age_cut_off_and_judge_competence() -> None:
    assert area("lancashire").child_consent_from_age is None
    assert area("lancashire").child_consent_test == "Gillick competence"
    assert area("blackpool").child_consent_from_age is None
    assert "16 or over" in area("blackpool").child_consent_test


def test_lancashire_refuses_a_request_without_consent_unless_overridden_and_luton_screens_it() -> None:
    assert area("lancashire").consent_policy == "refuse_without_override"
    assert area("luton").consent_policy == "accept_as_triage_step"


def test_override_grounds_differ_by_area() -> None:
    assert area("lancashire").override_grounds == ["significant_harm"]
    # Exactly 001's three grounds: significant harm alone is not one of Blackpool's (rule 4).
    assert area("blackpool").override_grounds == ["risk_of_harm_if_sought", "crime_detection", "unjustified_delay"]
    assert "fgm_or_honour_based_abuse" in area("luton").override_grounds


def test_luton_mash_keeps_its_printed_office_hours() -> None:
    hours = area("luton").office_hours
    assert hours["0"] == ["08:45", "17:15"]
    assert hours["4"] == ["08:45", "16:15"]
    assert "5" not in hours


def test_the_conference_deadline_defaults_to_15_working_days_everywhere() -> None:
    for each in Area.objects.all():
        assert (each.conference_deadline_days, each.conference_deadline_unit) == (15, "working_days")


def test_every_setting_says_where_it_came_from() -> None:
    for each in Area.objects.all():
        assert {"consent_policy", "override_grounds", "child_consent", "office_hours"} <= set(each.settings_sources)


def test_only_luton_purges_steps_not_retained_and_every_area_runs_the_45_day_clock_for_all() -> None:
    assert [a.slug for a in Area.objects.filter(purges_not_retained=True)] == ["luton"]
    assert set(Area.objects.values_list("assessment_clock_scope", flat=True)) == {"all"}
