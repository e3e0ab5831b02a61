"""The admin site is for reference data. An administrator cannot make
themselves (or anyone) more powerful, and no admin page lists children."""

import pytest
from django.urls import reverse

from hub.models import User
from hub.roles import Role
from tests.factories import UserFactory, persona
from tests.helpers import client_for
from tests.request_factories import make_request

pytestmark = pytest.mark.django_db


@pytest.fixture
def ada() -> User:
    ada = persona(Role.ADMIN)
    ada.is_staff = True
    ada.save()
    return ada


def _change_form(ada: User, user: User) -> dict:
    """The change form as the admin page would post it back."""
    return {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on",
        "is_staff": "on",
        "is_superuser": "on",
        "groups": [group.pk for group in ada.groups.all()],
        "job_title": "Administrator",
        "area": user.area_id or "",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "09:00:00",
        "area_memberships-TOTAL_FORMS": "0",
        "area_memberships-INITIAL_FORMS": "0",
    }


def test_an_administrator_is_not_offered_superuser_groups_or_permissions(ada) -> None:
    page = client_for(ada).get(reverse("admin:hub_user_change", args=[ada.pk]))
    assert page.status_code == 200
    for field in ("is_superuser", "groups", "user_permissions"):
        assert f'name="{field}"' not in page.content.decode()


def test_an_administrator_cannot_make_themselves_a_superuser_by_posting_the_field(ada) -> None:
    client_for(ada).post(reverse("admin:hub_user_change", args=[ada.pk]), _change_form(ada, ada))
    ada.refresh_from_db()
    assert not ada.is_superuser


def test_an_administrator_cannot_give_a_colleague_a_casework_role(ada) -> None:
    colleague = UserFactory(username="newstarter")
    worker_group = persona(Role.HUB_WORKER).groups.get()
    form = {**_change_form(ada, colleague), "groups": [worker_group.pk]}
    client_for(ada).post(reverse("admin:hub_user_change", args=[colleague.pk]), form)
    assert not colleague.groups.filter(pk=worker_group.pk).exists()


def test_an_administrator_cannot_edit_a_superuser_or_set_someone_elses_password(ada) -> None:
    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    harry = persona(Role.HUB_WORKER)
    client = client_for(ada)
    response = client.post(
        reverse("admin:hub_user_change", args=[root.pk]), {**_change_form(ada, root), "email": "x@evil.example"}
    )
    assert response.status_code == 403
    root.refresh_from_db()
    assert root.email != "x@evil.example"
    assert client.get(reverse("admin:auth_user_password_change", args=[harry.pk])).status_code == 403


def test_a_superuser_still_manages_roles(ada) -> None:
    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    page = client_for(root).get(reverse("admin:hub_user_change", args=[ada.pk]))
    assert 'name="is_superuser"' in page.content.decode() and 'name="groups"' in page.content.decode()


def test_no_admin_delete_page_lists_the_children_an_area_holds(ada) -> None:
    rita = persona(Role.REFERRER)
    support_request = make_request(rita)
    child = support_request.children.first()
    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    for user in (ada, root):
        page = client_for(user).get(reverse("admin:hub_area_delete", args=[support_request.area_id]))
        assert page.status_code == 403
        assert child.first_name not in page.content.decode()


def test_the_admin_index_offers_no_childrens_records(ada) -> None:
    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    page = client_for(root).get(reverse("admin:index")).content.decode()
    for model in ("requestforsupport", "child", "person", "episode", "auditevent", "deadline"):
        assert f"/{model}/" not in page


def test_an_administrator_cannot_move_a_caseworker_to_another_area_or_redirect_their_mail(ada, luton) -> None:
    harry = persona(Role.HUB_WORKER)
    home = harry.area_id
    form = {**_change_form(ada, harry), "area": luton.pk, "email": "x@evil.example"}
    form.pop("groups")
    client_for(ada).post(reverse("admin:hub_user_change", args=[harry.pk]), form)
    harry.refresh_from_db()
    assert harry.area_id == home and harry.email != "x@evil.example"
    assert not harry.area_memberships.exists()


def test_only_a_superuser_can_turn_on_the_purge(ada) -> None:
    page = client_for(ada).get(reverse("admin:hub_area_change", args=[ada.area_id])).content.decode()
    assert 'name="purges_not_retained"' not in page
