import pytest

from hub.roles import Role
from requests_app.services import request_create_via_api
from tests.factories import UserFactory, persona
from tests.requests_app import payloads


@pytest.fixture
def staff(lancashire):
    """One person per hub role, all in Lancashire."""

    class Staff:
        harry = persona(Role.HUB_WORKER, area=lancashire)
        sian = UserFactory(
            username="sian",
            first_name="Sian",
            last_name="Lee",
            area=lancashire,
            role=Role.SENIOR_SOCIAL_WORKER,
            team=harry.team,
        )
        priya = persona(Role.PRACTICE_MANAGER, area=lancashire)
        tom = persona(Role.TEAM_MANAGER, area=lancashire)
        rita = persona(Role.REFERRER, area=lancashire, email="rita@example.org")
        paula = persona(Role.PARTNER_OFFICER, area=lancashire)
        ada = persona(Role.ADMIN, area=lancashire)

    return Staff


def make_request(referrer, **kwargs):
    made, _ = request_create_via_api(data=payloads.sections(**kwargs), by=referrer, idempotency_key=None)
    return type(made).objects.select_related("consent", "area", "phone_referral").get(pk=made.pk)


@pytest.fixture
def submitted(staff):
    return make_request(staff.rita)
