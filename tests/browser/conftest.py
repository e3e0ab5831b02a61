"""Browser tests: Debian's Chromium driven by Playwright, with axe-core run on
every page a test loads. Serious and critical violations fail the test.

Never `playwright install`: the browser is the `chromium` Debian package.
"""

import os
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from thresholds.loader import frameworks_load

# Playwright's sync API runs an event loop in the test thread; the ORM calls
# made by fixtures in that thread are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("SUPPORT_HUB_CHROMIUM", "/usr/bin/chromium")
HERE = Path(__file__).resolve().parent
AXE_SOURCE = (HERE.parent / "assets" / "axe.min.js").read_text()
AXE_RUNNER = (HERE / "axe.js").read_text()
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

    def report(self, source: dict, path: str, bad: list[dict]) -> None:
        self.checked.append(path)
        self.violations.extend((path, v) for v in bad)


@pytest.fixture
def axe() -> AxeRecord:
    return AxeRecord()


@pytest.fixture
def page(context, axe: AxeRecord, live_server):
    context.set_default_timeout(15_000)
    context.expose_binding("__supportHubAxeReport", axe.report)
    context.add_init_script(script=AXE_SOURCE)
    context.add_init_script(script=AXE_RUNNER)
    page = context.new_page()
    page.on("load", lambda p: axe.loads.append(p.url))
    yield page
    # Wait for the last page's check, then judge every page the test loaded.
    if axe.loads:
        page.wait_for_function("window.__supportHubAxeDone === true", timeout=20_000)
    assert len(axe.checked) == len(axe.loads), (
        f"axe checked {len(axe.checked)} of {len(axe.loads)} pages loaded; wait with settle(page) before leaving a page"
    )
    problems = "\n".join(f"{path}: {v['impact']} {v['id']} ({v['help']}) at {v['nodes']}" for path, v in axe.violations)
    assert not axe.violations, f"axe found serious or critical violations:\n{problems}"


def settle(page) -> None:
    """Wait until axe has checked the current page."""
    page.wait_for_function("window.__supportHubAxeDone === true", timeout=20_000)


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
