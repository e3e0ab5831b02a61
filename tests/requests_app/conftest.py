import re

import pytest
from django.test import Client

from hub.roles import Role
from tests.factories import persona

from . import payloads


@pytest.fixture
def rita(db):
    return persona(Role.REFERRER, email="rita@example.org", phone="01234 567890")


@pytest.fixture
def rita_client(rita) -> Client:
    client = Client()
    client.force_login(rita)
    return client


def fill_draft(
    client: Client, *, area="lancashire", children=None, household=None, consent=None, level="3", indicators=None
) -> str:
    """Walk the form as a browser would; return the draft's id."""
    response = client.post("/requests/new/")
    draft_id = response["Location"].split("/")[3]
    base = f"/requests/drafts/{draft_id}"
    steps = [
        (f"{base}/start/", payloads.START),
        (f"{base}/about_you/", payloads.ABOUT_YOU),
    ]
    for c in children or [payloads.child()]:
        steps.append((f"{base}/children/add/", c))
    for p in household or [payloads.PARENT]:
        steps.append((f"{base}/household/add/", p))
    steps += [
        (f"{base}/worries/", payloads.WORRIES),
        (f"{base}/area/", {"area": area}),
        (f"{base}/indicators/", indicators or {}),
        (f"{base}/level/", {"level": level}),
        (f"{base}/consent/", consent or payloads.consent_given()),
    ]
    for url, data in steps:
        response = client.post(url, {**data, "continue": ""})
        assert response.status_code == 302, (url, _errors(response))
    return draft_id


def _errors(response) -> str:
    html = response.content.decode()
    return "; ".join(re.findall(r'<a href="#[^"]*">([^<]+)</a>', html)) or html[:300]
