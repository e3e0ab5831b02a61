"""Browser tests: Debian's Chromium driven by Playwright, with axe-core run on
every page a test loads. Serious and critical violations fail the test, and so
does anything the Content-Security-Policy blocks (tests/browser/csp.js).

Never `playwright install`: the browser is the `chromium` Debian package.
"""

import os
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.test.testcases import QuietWSGIRequestHandler

from thresholds.loader import frameworks_load

# Playwright's sync API runs an event loop in the test thread; the ORM calls
# made by fixtures in that thread are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("SUPPORT_HUB_CHROMIUM", "/usr/bin/chromium")
HERE = Path(__file__).resolve().parent
AXE_SOURCE = (HERE.parent / "assets" / "axe.min.js").read_text()
AXE_RUNNER = (HERE / "axe.js").read_text()
CSP_LISTENER = (HERE / "csp.js").read_text()
# A function, not a bare expression: Playwright polls a bare expression with eval() in the page,
# which the policy (no 'unsafe-eval') blocks; a function is compiled once, where the policy allows it.
AXE_DONE = "() => window.__supportHubAxeDone === true"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--disable-default-apps",
    "--disable-extensions",
]


# The live server writes a response's headers and its body as separate small packets. With Nagle's
# algorithm on, the body waited for Chromium's delayed acknowledgement of the headers: up to 40 ms a
# page, in every journey. Gunicorn, which serves the real thing, turns it off too.
QuietWSGIRequestHandler.disable_nagle_algorithm = True


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "headless": True, "args": CHROMIUM_FLAGS}


@pytest.fixture(autouse=True)
def _shipped_reference_data(transactional_db) -> None:
    """Browser tests run in transactions that end with a flush, which empties
    what migrate loaded. Put the shipped areas and frameworks back, as on a real
    installation. (Role groups come back by themselves: flush re-sends
    post_migrate.)"""
    frameworks_load()


@dataclass
class AxeRecord:
    loads: list[str] = field(default_factory=list)
    checked: list[str] = field(default_factory=list)
    violations: list[tuple[str, dict]] = field(default_factory=list)
    # What the Content-Security-Policy blocked, as the page's listener saw it and as the console said.
    blocked: list[tuple[str, dict]] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)

    def report(self, source: dict, path: str, bad: list[dict]) -> None:
        self.checked.append(path)
        self.violations.extend((path, v) for v in bad)

    def report_blocked(self, source: dict, path: str, violation: dict) -> None:
        self.blocked.append((path, violation))

    def console(self, message) -> None:
        # Older Chromium says "Refused to execute inline script because it violates...";
        # the Chromium we test with (156) says "Executing inline script violates the following ... directive".
        if "Refused to" in message.text or "Content Security Policy directive" in message.text:
            self.refused.append(message.text)

    def watch(self, context) -> None:
        """Check every page `context` opens: the CSP listener first, then axe."""
        context.expose_binding("__supportHubAxeReport", self.report)
        context.expose_binding("__supportHubCspReport", self.report_blocked)
        context.add_init_script(script=CSP_LISTENER)
        context.add_init_script(script=AXE_SOURCE)
        context.add_init_script(script=AXE_RUNNER)
        context.on("console", self.console)


def blocked_message(blocked: list[tuple[str, dict]]) -> str:
    return "\n".join(
        f"{path}: {v['directive']} blocked {v['blocked']} {v['source']} {v['sample']}".rstrip() for path, v in blocked
    )


@pytest.fixture
def axe() -> AxeRecord:
    return AxeRecord()


@pytest.fixture
def page(context, axe: AxeRecord, live_server):
    context.set_default_timeout(15_000)
    axe.watch(context)
    page = context.new_page()
    page.on("load", lambda p: axe.loads.append(p.url))
    yield page
    # Wait for the last page's check, then judge every page the test loaded.
    if axe.loads:
        page.wait_for_function(AXE_DONE, timeout=20_000)
    assert len(axe.checked) == len(axe.loads), (
        f"axe checked {len(axe.checked)} of {len(axe.loads)} pages loaded; wait with settle(page) before leaving a page"
    )
    problems = "\n".join(f"{path}: {v['impact']} {v['id']} ({v['help']}) at {v['nodes']}" for path, v in axe.violations)
    assert not axe.violations, f"axe found serious or critical violations:\n{problems}"
    assert not axe.blocked, f"the Content-Security-Policy blocked:\n{blocked_message(axe.blocked)}"
    assert not axe.refused, "the browser's console says the Content-Security-Policy refused:\n" + "\n".join(axe.refused)


def settle(page) -> None:
    """Wait until axe has checked the current page, and fail at once if the policy blocked anything on it."""
    page.wait_for_function(AXE_DONE, timeout=20_000)
    blocked = [(page.url, v) for v in page.evaluate("window.__cspViolations")]
    assert not blocked, f"the Content-Security-Policy blocked:\n{blocked_message(blocked)}"
    # Every error-summary link must land on something, or focus goes nowhere (GOV.UK pattern).
    nowhere = page.evaluate(
        "() => [...document.querySelectorAll('.govuk-error-summary a[href^=\"#\"]')]"
        ".map(a => a.getAttribute('href').slice(1)).filter(id => !document.getElementById(id))"
    )
    assert not nowhere, f"{page.url}: error-summary links to ids not on the page: {nowhere}"


def sign_in(page, base_url: str, username: str, password: str) -> None:
    page.goto(f"{base_url}/sign-in/")
    settle(page)
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state("load")
    settle(page)


def sign_out(page) -> None:
    settle(page)
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state("load")
    settle(page)
