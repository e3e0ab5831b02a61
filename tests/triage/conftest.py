import pytest

from hub.roles import Role
from tests.factories import UserFactory, persona
from tests.request_factories import request_submitted


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


@pytest.fixture
def submitted(staff):
    return request_submitted(staff)
