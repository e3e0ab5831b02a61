"""Requests recorded before per-child episodes get one episode per child, keeping every
census field the request held (migration children 0004), on real PostgreSQL."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from thresholds.loader import frameworks_load

BEFORE = [
    ("children", "0003_person_identifiers_and_episodes"),
    ("requests_app", "0006_statutory_basis_choices"),
    ("triage", "0003_decision_child_outcomes"),
]
WHEN = dt.datetime(2026, 10, 5, 10, 0, tzinfo=dt.UTC)


def _old_request(apps):
    area = apps.get_model("hub", "Area").objects.get(slug="lancashire")
    referrer = apps.get_model("hub", "User").objects.create(username="old-referrer")
    version = apps.get_model("thresholds", "FrameworkVersion").objects.filter(framework=area.framework).first()
    request = apps.get_model("requests_app", "RequestForSupport").objects.create(
        reference="RFS-OLD0-0001",
        area=area,
        framework_version=version,
        received_at=WHEN,
        referrer=referrer,
        referrer_name="Rita",
        referrer_role="DSL",
        referrer_agency="School",
        referrer_phone="0",
        referrer_email="rita@example.org",
        lead_name="Sam",
        cin_referral_source="2A",
        worries="w",
        impact="i",
        work_done="d",
        work_done_effect="e",
        strengths="s",
        child_words="c",
        level_requested=4,
        level_decided=4,
        status="closed",
        outcome="nfa",
        closed_at=WHEN + dt.timedelta(days=20),
        cin_primary_need="N4",
        cin_assessment_factors=["3A"],
        cin_child_seen=True,
        cin_authorised_at=WHEN + dt.timedelta(days=20),
        cin_closure_reason="RC8",
    )
    for position, name in enumerate(("Ava", "Ben")):
        apps.get_model("requests_app", "Child").objects.create(
            request=request, first_name=name, last_name="Smith", date_of_birth=dt.date(2018, 1, 1), position=position
        )
    for name, to_state in (("approve_decision", "referral"), ("start_assessment", "single_assessment")):
        apps.get_model("triage", "TransitionRecord").objects.create(
            request=request, name=name, from_state="x", to_state=to_state, by=referrer
        )
    return request


@pytest.mark.django_db(transaction=True)
def test_existing_requests_get_an_episode_per_child_without_loss() -> None:
    frameworks_load()  # an earlier transactional test may have flushed the shipped areas
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    _old_request(executor.loader.project_state(BEFORE).apps)
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    apps = executor.loader.project_state(executor.loader.graph.leaf_nodes()).apps
    episodes = apps.get_model("children", "Episode").objects.filter(child__request__reference="RFS-OLD0-0001")
    assert sorted(episodes.values_list("child__first_name", flat=True)) == ["Ava", "Ben"]
    for episode in episodes:
        assert (episode.stage, episode.outcome, episode.level_decided) == ("finished", "nfa", 4)
        assert (episode.referral_date, episode.referral_source, episode.primary_need) == (
            timezone.localdate(WHEN),
            "2A",
            "N4",
        )
        assert (episode.assessment_factors, episode.child_seen, episode.closure_reason) == (["3A"], True, "RC8")
        assert episode.assessment_authorised_on == timezone.localdate(WHEN + dt.timedelta(days=20))
        assert episode.assessment_started_on is not None and episode.referral_nfa is False
