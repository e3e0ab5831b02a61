"""A team manager's morning: each figure on the home page leads to the requests behind it,
and the list holds exactly what the figure counted. axe checks every page."""

import datetime as dt

from django.utils import timezone
from playwright.sync_api import expect

from deadlines.models import Deadline
from tests.browser.conftest import settle, sign_in
from tests.browser.test_triage_journeys import PASSWORD
from tests.request_factories import make_request, request_awaiting_approval
from tests.requests_app import payloads
from tests.triage.conftest import staff  # noqa: F401 - the fixture, shared with the triage tests


def test_a_manager_reaches_the_list_behind_each_figure_on_the_home_page(page, live_server, staff) -> None:  # noqa: F811
    url = live_server.url
    awaiting = request_awaiting_approval(staff)
    urgent = make_request(staff.rita, start={"immediate_risk": ["yes"]})
    overridden = make_request(staff.rita, consent=payloads.consent_override())
    late = make_request(staff.rita)
    Deadline.objects.filter(request=late).update(due_at=timezone.now() - dt.timedelta(hours=3))
    expected = {
        "awaiting approval": [awaiting],
        "overdue on a clock": [late],
        "not allocated to anyone": [awaiting, urgent, overridden, late],
        "at immediate risk and not claimed": [urgent],
        "shared without consent, for your review": [overridden],
    }

    sign_in(page, url, "tom", PASSWORD)
    for figure, requests in expected.items():
        page.goto(f"{url}/")
        settle(page)
        link = page.get_by_role("link", name=figure)
        assert int(link.inner_text().split()[0]) == len(requests), figure
        link.click()
        page.wait_for_load_state("load")
        settle(page)
        rows = page.locator("table tbody tr")
        expect(rows).to_have_count(len(requests))
        for support_request in requests:
            expect(page.get_by_role("table")).to_contain_text(support_request.reference)
