"""A manager opens the Annex A page, is told what to fix when the period runs backwards, then
starts an export of a list as CSV: its page follows the job as a real worker runs it, and offers
the file when it is ready. axe checks each page on the way."""

import csv

from django.utils import timezone
from playwright.sync_api import expect

from hub.models import Area
from hub.roles import Role
from reporting import annex_a_codes as codes
from reporting.annex_a import LISTS
from requests_app.services import request_create_via_api
from tests.browser.conftest import settle, sign_in
from tests.browser.test_triage_journeys import PASSWORD
from tests.deadlines.conftest import real_worker
from tests.factories import persona
from tests.requests_app import payloads


def _period(page, start, end) -> None:
    for name, day in (("start", start), ("end", end)):
        page.locator(f"#id_{name}_0").fill(str(day.day))
        page.locator(f"#id_{name}_1").fill(str(day.month))
        page.locator(f"#id_{name}_2").fill(str(day.year))


def test_a_manager_downloads_the_contacts_list_as_csv(page, live_server) -> None:
    url = live_server.url
    lancashire = Area.objects.get(slug="lancashire")
    rita = persona(Role.REFERRER, area=lancashire, email="rita@example.org")
    persona(Role.PRACTICE_MANAGER, area=lancashire)
    request_create_via_api(data=payloads.sections(), by=rita, idempotency_key=None)
    today = timezone.localdate()

    sign_in(page, url, "priya", PASSWORD)
    page.goto(f"{url}/reporting/annex-a/")
    settle(page)
    expect(page.get_by_role("heading", name="Ofsted Annex A lists")).to_be_visible()
    page.get_by_label("List 1: Contacts").check()
    _period(page, today, today.replace(year=today.year - 1))
    page.get_by_role("button", name="Start the export").click()
    page.wait_for_load_state("load")
    settle(page)
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("The last day of the period must be the same as or after the first day")
    expect(page.get_by_label("List 1: Contacts")).to_be_checked()

    _period(page, today.replace(year=today.year - 1), today)
    page.get_by_role("button", name="Start the export").click()
    page.wait_for_load_state("load")
    settle(page)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Annex A list 1 (Contacts)")
    # No worker yet: the job waits, and the page says so beside its progress bar.
    expect(page.locator("[data-export-state]")).to_have_text("Waiting to start")
    expect(page.get_by_label("How far the export has got")).to_be_visible()  # the <progress> bar
    with real_worker():
        # The page's script follows the job and reloads when it is done: nobody clicks anything.
        expect(page.get_by_text("Your export is ready to download")).to_be_visible(timeout=20_000)
    settle(page)
    expect(page.get_by_text("The file holds 1 row.")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("button", name="Download").click()
    assert download.value.suggested_filename.startswith("annex-a-list-1-")
    with open(download.value.path(), encoding="utf-8") as file:
        header, *rows = list(csv.reader(file))
    assert tuple(header) == LISTS[1].headers
    [ava] = rows
    assert ava[1:3] == ["b) Female", "a) WBRI"]
    assert ava[5] == today.strftime("%d/%m/%Y")
    assert ava[6] in codes.SOURCE.values()
