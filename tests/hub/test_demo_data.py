import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from hub.models import Agency, Area, Team, User
from hub.roles import Role

pytestmark = pytest.mark.django_db


def test_loading_demo_data_twice_creates_each_row_once(settings) -> None:
    settings.DEBUG = True
    call_command("load_demo_data", stdout=open("/dev/null", "w"))  # noqa: SIM115
    counts = (Area.objects.count(), Team.objects.count(), Agency.objects.count(), User.objects.count())
    call_command("load_demo_data", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert (Area.objects.count(), Team.objects.count(), Agency.objects.count(), User.objects.count()) == counts
    assert {"lancashire", "westmorland-and-furness", "luton"} <= set(Area.objects.values_list("slug", flat=True))


def test_there_is_one_demo_user_per_role_and_each_can_sign_in(settings) -> None:
    settings.DEBUG = True
    call_command("load_demo_data", stdout=open("/dev/null", "w"))  # noqa: SIM115
    roles = {User.objects.get(username=name).role for name in User.objects.values_list("username", flat=True)}
    assert roles == set(Role)
    for user in User.objects.all():
        # Through the sign-in page, as a person would: django-axes needs the request.
        response = Client().post("/sign-in/", {"username": user.username, "password": "support-hub-demo"})
        assert response.status_code == 302 and response["Location"] == "/", user.username


def test_it_refuses_to_load_demo_users_with_debug_off(settings) -> None:
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG off"):
        call_command("load_demo_data")
    assert not User.objects.exists()
