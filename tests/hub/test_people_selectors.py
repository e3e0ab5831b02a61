"""Who an area's escalations, approvals and digests reach (hub/selectors.py): its own managers and
those covering it, each once, whichever of their groups grants what."""

import pytest
from django.contrib.auth.models import Group, Permission

from hub.models import AreaMembership
from hub.roles import Role
from hub.selectors import area_managers, areas_managers
from tests.factories import UserFactory, persona

pytestmark = pytest.mark.django_db


def test_a_manager_covering_two_areas_is_listed_once_for_each_and_once_for_both(lancashire, luton, blackpool) -> None:
    tom = persona(Role.TEAM_MANAGER, area=lancashire)
    cover = UserFactory(username="cover", area=luton, role=Role.PRACTICE_MANAGER)
    AreaMembership.objects.create(user=cover, area=lancashire)
    AreaMembership.objects.create(user=cover, area=blackpool)
    assert list(area_managers(lancashire)) == [tom, cover]
    assert list(area_managers(blackpool)) == [cover]
    assert areas_managers({lancashire.pk, blackpool.pk}) == {lancashire.pk: [tom, cover], blackpool.pk: [cover]}


def test_the_two_permissions_may_come_from_different_groups_and_an_inactive_manager_is_left_out(lancashire) -> None:
    harry = persona(Role.HUB_WORKER, area=lancashire)  # reads children's records, assigns no work
    assert list(area_managers(lancashire)) == []
    assigning = Group.objects.create(name="Assigns work")
    assigning.permissions.add(Permission.objects.get(content_type__app_label="hub", codename="assign_work"))
    harry.groups.add(assigning)
    assert list(area_managers(lancashire)) == [harry]
    harry.is_active = False
    harry.save()
    assert list(area_managers(lancashire)) == []
