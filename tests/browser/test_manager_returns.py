"""A manager before an Ofsted visit, on a year of work (the one `make run` loads, for one area):
the dashboard for the last twelve months, a figure followed to the requests behind it, then
every Ofsted Annex A list and the Children in Need census exported on a real worker and
downloaded. axe checks every page on the way."""

import csv
import datetime as dt
import xml.etree.ElementTree as ET

import openpyxl
import pytest
from django.utils import timezone
from playwright.sync_api import expect

from hub.demo import DEMO_PASSWORD, demo_data_load
from reporting.annex_a import LISTS
from tests.browser.conftest import settle, sign_in
from tests.deadlines.conftest import real_worker
from triage.demo_journeys import JOURNEYS
from triage.demo_year import MIX, demo_year_load


@pytest.fixture
def demo_year() -> None:
    demo_data_load()
    # One area holds every journey; the manager covers it.
    demo_year_load(per_area=len(MIX) + len(JOURNEYS), areas=["lancashire"])


def _period(page, first: dt.date, last: dt.date) -> None:
    for name, day in (("start", first), ("end", last)):
        for part, value in enumerate((day.day, day.month, day.year)):
            page.locator(f"#id_{name}_{part}").fill(str(value))


def _go(page, click) -> None:
    click()
    page.wait_for_load_state("load")
    settle(page)


def _export_and_download(page, start) -> str:
    """Start an export from the form on the page, wait for the worker, and download the file."""
    _go(page, start)
    expect(page.get_by_text("Your export is ready to download")).to_be_visible(timeout=30_000)
    settle(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="Download").click()
    return download.value.path()


def test_a_manager_reads_the_dashboard_follows_a_figure_and_downloads_every_return(page, live_server, demo_year):
    url, today = live_server.url, timezone.localdate()
    sign_in(page, url, "practicemanager", DEMO_PASSWORD)
    _go(page, lambda: page.get_by_role("link", name="Dashboard", exact=True).first.click())
    expect(page.get_by_role("heading", name="Dashboard", level=1)).to_be_visible()
    _go(page, lambda: page.get_by_role("link", name="The last 12 months").click())
    expect(page.get_by_text("The last 12 months (showing)")).to_be_visible()
    # A year of work past the front door: every timeliness measure has clocks due in it.
    for measure in ("Contact decisions within one working day", "Assessments within 45 working days"):
        expect(page.get_by_role("heading", name=measure)).to_be_visible()
    charts = page.locator("svg[role=img]")
    assert charts.count() == 8
    assert all(charts.nth(n).get_attribute("aria-labelledby") for n in range(charts.count()))

    # A figure leads to the requests it counts: as many rows as the figure says.
    received = page.get_by_role("link", name="Requests received:")
    count = int(received.inner_text().split(":")[1])
    assert count > 0
    _go(page, received.click)
    expect(page.locator("#row-count")).to_contain_text(f"{count} request")
    assert page.locator("tbody tr").count() == min(count, 50)
    _go(page, lambda: page.get_by_role("link", name="Back to the dashboard").click())

    # Every Annex A list, as CSV, with its published headers; one as an Excel workbook too.
    with real_worker():
        for number, a_list in sorted(LISTS.items()):
            _go(page, lambda: page.goto(f"{url}/reporting/annex-a/") and None)

            def start(number=number, a_list=a_list, file_format="csv") -> None:
                page.get_by_label(f"List {number}: {a_list.title}").check()
                _period(page, today - dt.timedelta(days=364), today)
                page.get_by_label("CSV" if file_format == "csv" else "Excel workbook").check()
                page.get_by_role("button", name="Start the export").click()

            path = _export_and_download(page, start)
            with open(path, encoding="utf-8") as file:
                header, *rows = list(csv.reader(file))
            assert tuple(header) == a_list.headers, f"list {number}"
            if number in (1, 3, 4, 5, 6, 7):
                assert rows, f"list {number} has no rows in a year of work"

        _go(page, lambda: page.goto(f"{url}/reporting/annex-a/") and None)
        path = _export_and_download(page, lambda: start(3, LISTS[3], "xlsx"))
        with open(path, "rb") as file:  # the download's path has no extension for openpyxl to go by
            sheet = openpyxl.load_workbook(file, read_only=True).worksheets[0]
            assert tuple(next(sheet.iter_rows(values_only=True))) == LISTS[3].headers

        # The census, for this collection year, from its own page (the dashboard links it).
        _go(page, lambda: page.goto(f"{url}/reporting/") and None)
        _go(page, lambda: page.get_by_role("link", name="Children in Need census").click())
        path = _export_and_download(page, lambda: page.get_by_role("button", name="Start the export").click())
    root = ET.parse(path).getroot()  # noqa: S314 - our own export, just written by the service under test
    assert root.findtext("Header/CollectionDetails/Collection") == "CIN"
    assert root.findall("Children/Child"), "the census for this year lists children"
