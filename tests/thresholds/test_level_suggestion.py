"""The suggested level is advice with reasons (docs/domain.md §3.4, rules 26–29)."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from thresholds import shapes
from thresholds.models import Indicator
from thresholds.rules import RuleError, facts_clean, rule_describe, rule_validate
from thresholds.shapes import version_shape
from thresholds.suggestion import level_suggest

pytestmark = pytest.mark.django_db


def suggest(area, **facts):
    return level_suggest(version=area.framework.current_version(), facts=facts)


def test_three_missing_episodes_in_90_days_suggests_level_4(lancashire) -> None:
    suggestion = suggest(lancashire, missing_episodes_90_days=3)
    assert suggestion.level.number == 4
    assert "three or more incidents in 90 days" in suggestion.reasons[0].indicator.text
    assert suggestion.reasons[0].why == "rule: missing from home episodes in the last 90 days at least 3"


def test_four_missing_episodes_also_suggests_level_4(lancashire) -> None:
    assert suggest(lancashire, missing_episodes_90_days=4).level.number == 4


def test_two_missing_episodes_is_repeated_but_fewer_than_3_so_level_3(lancashire) -> None:
    assert suggest(lancashire, missing_episodes_90_days=2).level.number == 3


def test_one_missing_episode_is_an_emerging_pattern_at_level_2(lancashire) -> None:
    assert suggest(lancashire, missing_episodes_90_days=1).level.number == 2


def test_any_long_missing_episode_suggests_level_4(lancashire) -> None:
    assert suggest(lancashire, missing_episodes_90_days=0, long_missing_episode=True).level.number == 4


def test_no_facts_and_no_ticks_suggests_nothing(lancashire) -> None:
    assert suggest(lancashire).level is None


@pytest.mark.parametrize(("risk", "level"), [("low", 2), ("medium", 3), ("high", 4)])
def test_domestic_abuse_risk_grades_map_to_levels(lancashire, risk: str, level: int) -> None:
    assert suggest(lancashire, domestic_abuse_risk=risk).level.number == level


def test_suspected_head_trauma_under_one_suggests_level_4(lancashire) -> None:
    assert suggest(lancashire, age_years=0, suspected_non_accidental_head_trauma=True).level.number == 4
    assert suggest(lancashire, age_years=2, suspected_non_accidental_head_trauma=True).level is None


def test_unexplained_bruising_in_a_non_mobile_baby_suggests_level_4(lancashire) -> None:
    assert suggest(lancashire, non_mobile=True, unexplained_injury_or_bruising=True).level.number == 4


def test_a_sexually_active_child_under_13_suggests_blackpool_child_protection(blackpool) -> None:
    suggestion = suggest(blackpool, age_years=12, sexually_active=True)
    assert (suggestion.level.number, suggestion.statutory_basis) == (4, "s47")
    assert suggest(blackpool, age_years=13, sexually_active=True).level is None


@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        ({"neglect_grade": "mild"}, None),
        ({"neglect_grade": "mild", "neglect_intervention_ineffective": True}, (2, "none")),
        ({"neglect_grade": "moderate"}, (2, "none")),
        ({"neglect_grade": "moderate", "neglect_intervention_ineffective": True}, (4, "s17")),
        ({"neglect_grade": "severe"}, (4, "s47")),
    ],
)
def test_graded_care_profile_neglect_grades_follow_blackpool(blackpool, facts: dict, expected) -> None:
    suggestion = suggest(blackpool, **facts)
    got = None if suggestion.level is None else (suggestion.level.number, suggestion.statutory_basis)
    assert got == expected


def test_the_highest_ticked_indicator_drives_the_level_and_lower_ones_are_noted(lancashire) -> None:
    version = lancashire.framework.current_version()
    level2 = version.indicators.filter(level__number=2).first()
    level3 = version.indicators.filter(level__number=3).first()
    suggestion = level_suggest(version=version, indicator_ids=[level2.pk, level3.pk])
    assert suggestion.level.number == 3
    assert [r.indicator for r in suggestion.reasons] == [level3]
    assert [r.indicator for r in suggestion.also_noted] == [level2]
    assert suggestion.reasons[0].why == "ticked"


def test_an_indicator_from_another_framework_is_ignored(lancashire, luton) -> None:
    foreign = luton.framework.current_version().indicators.filter(level__number=4).first()
    assert level_suggest(version=lancashire.framework.current_version(), indicator_ids=[foreign.pk]).level is None


def test_a_suggestion_only_reads_and_reads_a_published_version_once(lancashire, monkeypatch) -> None:
    monkeypatch.setattr(shapes, "_shapes", {})  # as a new worker process starts
    version = lancashire.framework.current_version()
    with CaptureQueriesContext(connection) as first:
        level_suggest(version=version, facts={"missing_episodes_90_days": 5})
    assert first.captured_queries and all(q["sql"].lstrip().upper().startswith("SELECT") for q in first)
    with CaptureQueriesContext(connection) as again:
        suggestion = level_suggest(version=version, facts={"missing_episodes_90_days": 5})
    assert len(again) == 0 and suggestion.level is not None


def test_a_new_version_is_read_afresh_not_from_the_last_ones_cache(lancashire) -> None:
    version = lancashire.framework.current_version()
    before = version_shape(version)
    Indicator.objects.filter(version=version).update(text="Reworded for this test")
    version.published_at = version.published_at + dt.timedelta(seconds=1)  # as if published again
    assert version_shape(version) is not before
    assert {i.text for i in version_shape(version).indicators} == {"Reworded for this test"}


def test_facts_are_checked_and_converted() -> None:
    assert facts_clean({"missing_episodes_90_days": "4", "long_missing_episode": "no"}) == {
        "missing_episodes_90_days": 4,
        "long_missing_episode": False,
    }
    with pytest.raises(RuleError, match="Domestic abuse risk grading"):
        facts_clean({"domestic_abuse_risk": "extreme"})
    with pytest.raises(RuleError, match="unknown fact"):
        facts_clean({"shoe_size": 3})
    with pytest.raises(RuleError):
        facts_clean({"missing_episodes_90_days": -1})


def test_a_rule_naming_an_unknown_fact_is_rejected_when_loaded() -> None:
    with pytest.raises(RuleError):
        rule_validate({"fact": "made_up", "eq": 1})
    with pytest.raises(RuleError):
        rule_validate({"any": []})


def test_rules_read_as_plain_english() -> None:
    assert rule_describe({"fact": "domestic_abuse_risk", "eq": "high"}) == "domestic abuse risk grading is high"
