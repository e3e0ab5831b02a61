"""The Content-Security-Policy check really checks: on a real page of the service, inline script
and inline style are blocked by the policy, and the listener and the console both report it.
And the service's own scripts, all files, still run under it."""

import pytest

from hub.roles import Role
from tests.browser.conftest import AXE_DONE, AxeRecord, settle, sign_in
from tests.factories import persona

INLINE_SCRIPT = """() => {
  const script = document.createElement('script');
  script.textContent = 'window.__inlineRan = true';
  document.body.appendChild(script);
}"""
INLINE_STYLE = """() => {
  const p = document.createElement('p');
  p.setAttribute('style', 'color: red');
  document.body.appendChild(p);
}"""


@pytest.fixture
def watched(context, live_server):
    record = AxeRecord()
    record.watch(context)
    page = context.new_page()
    page.goto(f"{live_server.url}/sign-in/")
    page.wait_for_function(AXE_DONE)
    return record, page


def test_it_reports_an_inline_script_the_policy_blocked(watched) -> None:
    record, page = watched
    page.evaluate(INLINE_SCRIPT)
    page.wait_for_function("() => window.__cspViolations.length > 0")
    assert page.evaluate("window.__inlineRan") is None  # the policy, not the listener, stopped it
    assert page.evaluate("window.__cspViolations")[0]["directive"] == "script-src-elem"
    assert [(path, v["blocked"]) for path, v in record.blocked] == [("/sign-in/", "inline")]
    assert any("inline script" in text and "script-src 'self'" in text for text in record.refused)
    with pytest.raises(AssertionError, match="script-src-elem blocked inline"):
        settle(page)


def test_it_reports_an_inline_style_the_policy_blocked(watched) -> None:
    record, page = watched
    page.evaluate(INLINE_STYLE)
    page.wait_for_function("() => window.__cspViolations.length > 0")
    assert [v["directive"] for _, v in record.blocked] == ["style-src-attr"]


def test_it_reports_nothing_on_a_clean_page(watched) -> None:
    record, page = watched
    settle(page)
    assert record.blocked == [] and record.refused == []


def test_gov_uk_frontend_starts_under_the_policy(page, live_server) -> None:
    page.goto(f"{live_server.url}/sign-in/")
    settle(page)
    body_classes = page.locator("body").get_attribute("class").split()
    assert {"js-enabled", "govuk-frontend-supported"} <= set(body_classes)  # js/supported.js
    assert page.locator("[data-module=govuk-skip-link]").get_attribute("data-govuk-skip-link-init") == ""
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state("load")
    settle(page)
    # The error summary module moves focus to the summary, so a screen reader hears it first.
    assert page.evaluate("() => document.activeElement.classList.contains('govuk-error-summary')")


def test_the_sign_out_warning_runs_and_keeps_the_session_under_the_policy(page, live_server, settings) -> None:
    settings.SESSION_COOKIE_AGE = 20  # so the warning comes after 10 seconds
    persona(Role.REFERRER)
    sign_in(page, live_server.url, "rita", "correct horse battery staple")
    dialog = page.locator("#timeout-dialog")
    dialog.wait_for(state="visible", timeout=20_000)  # js/timeout.mjs opened it
    with page.expect_response(lambda r: r.url.endswith("/session/keep-alive/") and r.status == 204):
        page.get_by_role("button", name="Stay signed in").click()  # a fetch: connect-src 'self'
    dialog.wait_for(state="hidden")
