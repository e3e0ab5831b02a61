"""A published framework version never changes; edits make a new version."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from hub.roles import Role
from tests.factories import persona
from thresholds.models import FrameworkVersion
from thresholds.services import framework_version_draft, framework_version_publish

pytestmark = pytest.mark.django_db


def test_a_draft_copies_every_level_domain_indicator_and_factor(blackpool) -> None:
    v1 = blackpool.framework.current_version()
    draft = framework_version_draft(version=v1)
    assert draft.number == 2 and not draft.is_published and draft.based_on == v1
    for name in ("levels", "domains", "indicators", "factors"):
        assert getattr(draft, name).count() == getattr(v1, name).count(), name
    copied = draft.indicators.select_related("level", "domain").first()
    assert copied.level.version == draft and copied.domain.version == draft


def test_editing_the_draft_leaves_the_published_version_as_it_was(lancashire) -> None:
    v1 = lancashire.framework.current_version()
    draft = framework_version_draft(version=v1)
    draft.levels.filter(number=2).update(name="Changed")
    draft.indicators.filter(level__number=4).delete()
    assert v1.levels.get(number=2).name == "Early Help"
    assert v1.indicators.filter(level__number=4).count() == 56
    assert lancashire.framework.current_version() == v1  # a draft is not in force


def test_publishing_makes_the_new_version_current_and_keeps_the_old_one(lancashire) -> None:
    v1 = lancashire.framework.current_version()
    v2 = framework_version_publish(version=framework_version_draft(version=v1))
    assert lancashire.framework.current_version() == v2
    assert FrameworkVersion.objects.filter(pk=v1.pk, published_at__isnull=False).exists()
    # On a date before v2 took effect, v1 was the version in force.
    assert lancashire.framework.current_version(on=dt.date(2024, 6, 1)) == v1


def test_a_version_published_with_a_future_date_is_not_yet_in_force(lancashire) -> None:
    v1 = lancashire.framework.current_version()
    later = timezone.localdate() + dt.timedelta(days=30)
    framework_version_publish(version=framework_version_draft(version=v1), effective_from=later)
    assert lancashire.framework.current_version() == v1


def test_the_admin_refuses_to_edit_a_published_version_in_place(lancashire) -> None:
    client = Client()
    client.force_login(persona(Role.ADMIN))
    v1 = lancashire.framework.current_version()
    response = client.post(f"/admin/thresholds/frameworkversion/{v1.pk}/change/", {"notes": "rewritten"})
    assert response.status_code == 403
    v1.refresh_from_db()
    assert v1.notes != "rewritten"


def test_edit_as_a_new_version_in_the_admin_creates_an_editable_draft(lancashire) -> None:
    client = Client()
    client.force_login(persona(Role.ADMIN))
    v1 = lancashire.framework.current_version()
    page = client.get(f"/admin/thresholds/frameworkversion/{v1.pk}/change/")
    assert "Edit as a new version" in page.content.decode()
    response = client.post(f"/admin/thresholds/frameworkversion/{v1.pk}/new-version/")
    draft = FrameworkVersion.objects.get(framework=v1.framework, number=2)
    assert response["Location"] == f"/admin/thresholds/frameworkversion/{draft.pk}/change/"
    assert client.get(response["Location"]).status_code == 200
    assert draft.created_by.username == "ada"
