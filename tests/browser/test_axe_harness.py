"""The accessibility check really checks: a page with a serious violation is
reported, and a clean page is not."""

from tests.browser.conftest import AXE_DONE, AXE_RUNNER, AXE_SOURCE, AxeRecord


def _check(context, html: str) -> AxeRecord:
    record = AxeRecord()
    context.expose_binding("__supportHubAxeReport", record.report)
    context.add_init_script(script=AXE_SOURCE)
    context.add_init_script(script=AXE_RUNNER)
    # Served as a real page load (not set_content) so the load-time check runs.
    context.route("http://axe-harness.test/", lambda route: route.fulfill(body=html, content_type="text/html"))
    page = context.new_page()
    page.goto("http://axe-harness.test/")
    page.wait_for_function(AXE_DONE)
    return record


def test_it_reports_an_unlabelled_form_field_as_a_violation(context) -> None:
    record = _check(context, '<html lang="en"><title>t</title><main><input type="text"></main></html>')
    assert "label" in {v["id"] for _, v in record.violations}


def test_it_reports_nothing_for_a_clean_page(context) -> None:
    html = '<html lang="en"><title>t</title><main><h1>Fine</h1><label for="a">Name</label><input id="a"></main></html>'
    assert _check(context, html).violations == []
