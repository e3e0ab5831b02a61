"""The signed-in person's roles, permissions and areas are read once per request (hub/sign_in/backends.py):
what each page sees must be exactly what Django's own backend would have answered, and a change an
administrator makes must apply from the person's next page."""

import pytest
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hub.models import Area, AreaMembership, User
from hub.roles import Role
from hub.sign_in.backends import HubBackend
from tests.factories import persona
from tests.helpers import client_for


def _fresh(user: User) -> User:
    return User.objects.get(pk=user.pk)


@pytest.mark.parametrize("role", list(Role))
def test_each_role_sees_exactly_the_permissions_and_roles_djangos_backend_gives(role, db) -> None:
    person = persona(role)
    ours = HubBackend().get_user(person.pk)
    assert ours.get_all_permissions() == ModelBackend().get_all_permissions(_fresh(person))
    assert ours.roles == _fresh(person).roles
    assert ours.area_ids == _fresh(person).area_ids


def test_a_permission_given_to_the_person_directly_counts_too(db) -> None:
    rita = persona(Role.REFERRER)
    rita.user_permissions.add(Permission.objects.get(codename="view_access_log"))
    ours = HubBackend().get_user(rita.pk)
    assert ours.has_perm("hub.view_access_log")
    assert ours.has_perm("hub.submit_request")


def test_a_second_area_covered_and_a_role_added_apply_from_the_next_page(lancashire) -> None:
    harry = persona(Role.HUB_WORKER, area=lancashire)
    client = client_for(harry)
    assert client.get("/reporting/").status_code == 403
    blackpool = Area.objects.get(slug="blackpool")
    AreaMembership.objects.create(user=harry, area=blackpool)
    harry.groups.add(Group.objects.get(name=Role.PRACTICE_MANAGER.label))
    assert client.get("/reporting/").status_code == 200
    assert HubBackend().get_user(harry.pk).area_ids == {lancashire.pk, blackpool.pk}


def test_a_person_made_inactive_is_signed_out_on_their_next_page(db) -> None:
    harry = persona(Role.HUB_WORKER)
    client = client_for(harry)
    User.objects.filter(pk=harry.pk).update(is_active=False)
    response = client.get("/triage/")
    assert response.status_code == 302
    assert "sign-in" in response["Location"]


def test_a_superuser_still_holds_every_permission(db) -> None:
    boss = User.objects.create_superuser("boss", "boss@example.org", "a long enough password 1")
    assert HubBackend().get_user(boss.pk).has_perm("hub.approve_decision")


def test_a_page_reads_the_person_and_their_standing_in_two_queries(db) -> None:
    harry = persona(Role.HUB_WORKER)
    client = client_for(harry)
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    about_the_person = [
        q["sql"]
        for q in queries
        if "hub_user_groups" in q["sql"]
        or "auth_permission" in q["sql"]
        or "hub_areamembership" in q["sql"]
        or q["sql"].startswith('SELECT "hub_user"')
        or 'FROM "hub_area"' in q["sql"]
        or 'FROM "hub_team"' in q["sql"]
    ]
    assert len(about_the_person) == 2, about_the_person
