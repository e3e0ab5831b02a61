"""The referrer opens the family copy from their request, reads it, downloads it as a PDF, and
confirms they will share it; axe checks every page on the way."""

from pathlib import Path

import pytest

from hub.models import Area
from hub.roles import Role
from requests_app.services import request_create_via_api
from tests.browser.conftest import settle, sign_in
from tests.factories import persona
from tests.requests_app import payloads
from triage.models import SharingDecision

PASSWORD = "correct horse battery staple"


@pytest.fixture
def sent(transactional_db):
    lancashire = Area.objects.get(slug="lancashire")
    rita = persona(Role.REFERRER, area=lancashire, email="rita@example.org")
    support_request, _ = request_create_via_api(data=payloads.sections(), by=rita, idempotency_key=None)
    return support_request


def test_the_referrer_reads_downloads_and_confirms_the_family_copy(page, live_server, sent, tmp_path: Path) -> None:
    sign_in(page, live_server.url, sent.referrer.username, PASSWORD)
    page.goto(f"{live_server.url}/requests/{sent.reference}/")
    settle(page)
    page.get_by_role("link", name="Family copy: when the request was sent").click()
    page.wait_for_load_state("load")
    settle(page)
    copy = page.locator("#family-copy")
    assert copy.get_by_role("heading", name="What is going well").is_visible()
    assert "Mum engages with school" in copy.inner_text()
    assert page.get_by_role("button", name="Print this copy").is_visible()  # shown once its script runs

    with page.expect_download() as download:
        page.get_by_role("link", name="Download as PDF").click()
    saved = tmp_path / "copy.pdf"
    download.value.save_as(saved)
    assert saved.read_bytes().startswith(b"%PDF-")

    page.get_by_role("button", name="Confirm and record the sharing").click()
    page.wait_for_load_state("load")
    settle(page)
    assert "Confirm that you have read this copy" in page.locator(".govuk-error-summary").inner_text()
    page.get_by_label("I have read this copy and will share it with the family").check()
    page.get_by_role("button", name="Confirm and record the sharing").click()
    page.wait_for_load_state("load")
    settle(page)
    assert "You confirmed that you will share this copy with the family" in page.content()
    assert page.locator("#family-copy-shared").is_visible()
    assert SharingDecision.objects.filter(request=sent, recipient="The family").count() == 1
