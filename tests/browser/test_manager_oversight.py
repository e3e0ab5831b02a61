"""A manager checks who has read a request, then downloads everything held about
a child for a subject access request. axe checks each page on the way."""

import io
import os
import zipfile

from playwright.sync_api import expect

from hub.models import Area
from hub.roles import Role
from requests_app.services import request_create_via_api
from tests.browser.conftest import settle, sign_in, sign_out
from tests.browser.test_triage_journeys import PASSWORD, open_request
from tests.factories import persona
from tests.requests_app import payloads

# Set to a folder to keep screenshots of each page at desktop and phone widths.
SHOTS = os.environ.get("SUPPORT_HUB_SCREENSHOTS")


def _shoot(page, name: str) -> None:
    if not SHOTS:
        return
    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=f"{SHOTS}/{name}-{width}.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_a_manager_sees_who_read_a_request_and_exports_a_childs_record(page, live_server) -> None:
    url = live_server.url
    lancashire = Area.objects.get(slug="lancashire")
    rita = persona(Role.REFERRER, area=lancashire, email="rita@example.org")
    persona(Role.HUB_WORKER, area=lancashire)
    persona(Role.PRACTICE_MANAGER, area=lancashire)
    support_request, _ = request_create_via_api(data=payloads.sections(), by=rita, idempotency_key=None)

    sign_in(page, url, "harry", PASSWORD)
    open_request(page, url, support_request.reference)
    sign_out(page)

    sign_in(page, url, "priya", PASSWORD)
    open_request(page, url, support_request.reference)
    page.get_by_role("link", name="Who has accessed this record").click()
    page.wait_for_load_state("load")
    settle(page)
    log = page.get_by_role("table")
    expect(log).to_contain_text("Harry Osei")
    expect(log).to_contain_text("(in queue)")
    _shoot(page, "access-log")

    child = support_request.children.get()
    page.goto(f"{url}/triage/requests/{support_request.reference}/children/{child.pk}/")
    settle(page)
    _shoot(page, "child-subject-access")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download everything held about Ava").click()
    archive = zipfile.ZipFile(io.BytesIO(open(download.value.path(), "rb").read()))  # noqa: SIM115
    assert "Ava Smith" in archive.read("summary.html").decode()
